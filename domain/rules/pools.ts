import type { CatalogService } from "../catalog";
import { addDays, addYears, type Day } from "../dates";
import type { Refusal } from "../outcome";

export type Channel = "direct" | "marketplace" | "off_marketplace";
export type PaymentModel = "prepaid" | "payg";
export type PaymentOption = "annual_upfront" | "monthly" | "apm" | "apu";
export type PoolMode = "auto_adjusted" | "manual";

export interface PoolTerms {
  channel: Channel;
  paymentModel: PaymentModel;
  paymentOption: PaymentOption;
  start: Day;
  end: Day;
  quantity: number | null;
  mode: PoolMode;
}

/** P1: the channel and payment combinations the vendor sells. */
const ALLOWED: Record<PaymentModel, Partial<Record<Channel, readonly PaymentOption[]>>> = {
  prepaid: {
    direct: ["annual_upfront"],
    off_marketplace: ["annual_upfront"],
    marketplace: ["monthly", "apm", "apu"],
  },
  payg: { direct: ["monthly"] },
};

export const CHANNEL_LABEL: Record<Channel, string> = {
  direct: "direct",
  marketplace: "Cloud Marketplace",
  off_marketplace: "off-marketplace",
};

export const OPTION_LABEL: Record<PaymentOption, string> = {
  annual_upfront: "annual upfront",
  monthly: "monthly",
  apm: "APM (annual commitment, paid monthly)",
  apu: "APU (annual commitment, paid upfront)",
};

/** P6: auto-adjusted is the default, except for Fly, which cannot auto-adjust. */
export function defaultMode(service: CatalogService): PoolMode {
  return service.fly ? "manual" : "auto_adjusted";
}

/**
 * Checks a pool's terms against P1-P4, P6 and P8's quantity decision; returns every refusal, so an
 * import can name them all.
 */
export function checkPoolTerms(terms: PoolTerms, service: CatalogService): Refusal[] {
  const problems: Refusal[] = [];
  const options = ALLOWED[terms.paymentModel][terms.channel];
  if (!options || !options.includes(terms.paymentOption)) {
    problems.push({
      code: "CHANNEL_PAYMENT_INVALID",
      rule: "P1",
      message: describeAllowed(terms),
    });
  }
  if (terms.channel !== "direct" && !service.distribution) {
    problems.push({
      code: "SERVICE_NOT_DISTRIBUTED",
      rule: "P2",
      message: `${service.name} is sold direct only; it cannot come from ${CHANNEL_LABEL[terms.channel]}.`,
    });
  }
  if (service.fly && terms.paymentModel !== "prepaid") {
    problems.push({ code: "FLY_PREPAID_ONLY", rule: "P3", message: `${service.name} is prepaid only; PAYG is not offered for Fly.` });
  }
  if (terms.channel === "direct" && terms.paymentModel === "prepaid" && terms.end < addDays(addYears(terms.start, 1), -1)) {
    problems.push({
      code: "DIRECT_TERM_TOO_SHORT",
      rule: "P4",
      message: `A direct prepaid term lasts at least one calendar year: from ${terms.start} it ends on ${addDays(addYears(terms.start, 1), -1)} or later.`,
    });
  }
  if (service.fly && terms.mode === "auto_adjusted") {
    problems.push({
      code: "AUTO_ADJUST_NOT_FOR_FLY",
      rule: "P6",
      message: `${service.name} cannot be automatically adjusted; use manual mode.`,
    });
  }
  if (terms.paymentModel === "prepaid" && (terms.quantity === null || !Number.isInteger(terms.quantity) || terms.quantity < 0)) {
    problems.push({ code: "INVALID_INPUT", rule: "P8", message: "A prepaid pool needs a whole, non-negative quantity." });
  }
  if (terms.paymentModel === "payg" && terms.quantity !== null) {
    problems.push({ code: "INVALID_INPUT", rule: "P8", message: "A PAYG pool has no fixed quantity; what is assigned is billed." });
  }
  return problems;
}

function describeAllowed(terms: PoolTerms): string {
  const what = `${terms.paymentModel === "payg" ? "PAYG" : "Prepaid"} from ${CHANNEL_LABEL[terms.channel]} with ${OPTION_LABEL[terms.paymentOption]} payment`;
  if (terms.paymentModel === "payg") return `${what} is not offered: PAYG comes direct only, paid monthly.`;
  const options = ALLOWED.prepaid[terms.channel] ?? [];
  return `${what} is not offered: prepaid from ${CHANNEL_LABEL[terms.channel]} is ${options.map((o) => OPTION_LABEL[o]).join(", or ")}.`;
}

/** P5: a prepaid pool never shrinks during its term, except a monthly Cloud Marketplace pool. */
export function canShrink(terms: Pick<PoolTerms, "channel" | "paymentModel" | "paymentOption">): boolean {
  return terms.paymentModel === "payg" || (terms.channel === "marketplace" && terms.paymentOption === "monthly");
}

/** P9: marketplace pools of one non-Fly service held by one partner are one pool. */
export function isMerged(channel: Channel, service: CatalogService): boolean {
  return channel === "marketplace" && !service.fly;
}

/** Last active day of a pool: its end, or an earlier distributor cancellation (P10). */
export function poolLastDay(pool: { end: Day; canceledOn: Day | null }): Day {
  return pool.canceledOn && pool.canceledOn < pool.end ? pool.canceledOn : pool.end;
}
