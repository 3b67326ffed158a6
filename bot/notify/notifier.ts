import { Cron } from "croner";
import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import type { Db } from "../../db/client";
import { planOutbox, planSweep, type SweepPlan } from "../../domain/notices";
import { notifyConfig, type NotifyConfig, type NotifyConfigInput } from "./config";
import { Deliverer, LeaseKeeper, SILENT, emptyReport, type DeliveryReport, type NotifyLog } from "./deliver";
import type { Sender } from "./sender";
import { claimPlan, lastSweep, partnerTimeZones, recordSweep } from "./store";

export interface NotifierDeps {
  db: Db;
  clock: () => Date;
  sender: Sender;
  config?: NotifyConfigInput;
  /** Waits (backoff, Retry-After, rate windows). Tests pass one that advances a fake clock. */
  sleep?: (ms: number) => Promise<void>;
  /** Jitter source, [0, 1). */
  random?: () => number;
  log?: NotifyLog;
  /** This process's name on the sending lease (default: a random id). */
  holder?: string;
}

export interface RunReport {
  /** False when another process holds the sending lease, or this notifier is stopping. */
  ran: boolean;
  reason?: "lease" | "stopped";
  partners: number;
  /** Digests planned, and those claimed (new to their conversation). */
  planned: number;
  claimed: number;
  notices: number;
  planMs: number;
  claimMs: number;
  delivery: DeliveryReport;
}

export interface Notifier {
  readonly holder: string;
  readonly config: NotifyConfig;
  /**
   * The sweep: plans what is due as of `now` (every partner, or those in `timeZones`), claims it,
   * and sends every claimed digest (also claims left over from a crash). Resolves when delivery is
   * done; the claim itself happens synchronously, before the first await.
   */
  sweep(now?: Date, options?: { timeZones?: string[] }): Promise<RunReport>;
  /** The outbox: P6, P9, P10 events not yet handed over, claimed and sent at once. */
  drain(now?: Date): Promise<RunReport>;
  /** Sends whatever is claimed and unsent (after a restart, or a lease taken over). */
  deliver(): Promise<DeliveryReport>;
  /** No new work; sends in flight finish and are recorded; the lease is released. */
  stop(): Promise<void>;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The notifier without timers: tests call `sweep(now)` directly; `startNotifier` adds the schedule. */
export function createNotifier(deps: NotifierDeps): Notifier {
  const config = notifyConfig(deps.config);
  const holder = deps.holder ?? `notifier-${randomUUID()}`;
  const log = deps.log ?? SILENT;
  const lease = new LeaseKeeper(deps.db, holder, () => deps.clock().getTime(), config.leaseMs);
  const deliverer = new Deliverer({
    db: deps.db,
    clock: deps.clock,
    sender: deps.sender,
    config,
    sleep: deps.sleep ?? realSleep,
    random: deps.random ?? Math.random,
    log,
    lease,
  });
  let stopping = false;

  const skipped = (reason: "lease" | "stopped"): RunReport => ({
    ran: false,
    reason,
    partners: 0,
    planned: 0,
    claimed: 0,
    notices: 0,
    planMs: 0,
    claimMs: 0,
    delivery: emptyReport(),
  });

  /** Plans and claims synchronously (no await), so two callers in one process never interleave. */
  const planAndClaim = (now: Date, plan: () => SweepPlan, after?: () => void): RunReport | null => {
    if (stopping) return skipped("stopped");
    if (!lease.ensure()) return skipped("lease");
    const t0 = performance.now();
    const p = plan();
    const t1 = performance.now();
    const claim = claimPlan(deps.db, p, { now, holder, leaseAt: deps.clock().getTime() });
    const t2 = performance.now();
    if (!claim.held) return skipped("lease");
    for (const u of p.unreadable) log.error(u, "notify: an outbox event could not be read; handed over without a notice");
    after?.();
    return {
      ran: true,
      partners: p.partners,
      planned: p.digests.length,
      claimed: claim.digestIds.length,
      notices: claim.notices,
      planMs: t1 - t0,
      claimMs: t2 - t1,
      delivery: emptyReport(),
    };
  };

  const deliver = async (): Promise<DeliveryReport> => {
    if (stopping || !lease.ensure()) return emptyReport();
    return deliverer.deliverPending();
  };

  const withDelivery = async (report: RunReport | null): Promise<RunReport> => {
    if (!report || !report.ran) return report ?? skipped("lease");
    report.delivery = await deliverer.deliverPending();
    return report;
  };

  return {
    holder,
    config,
    sweep(now = deps.clock(), options = {}) {
      const zones = options.timeZones;
      const report = planAndClaim(
        now,
        () => planSweep(deps.db, now, zones ? { timeZones: zones } : {}),
        () => {
          for (const tz of zones ?? partnerTimeZones(deps.db)) recordSweep(deps.db, tz, now);
        },
      );
      return withDelivery(report);
    },
    drain(now = deps.clock()) {
      return withDelivery(planAndClaim(now, () => planOutbox(deps.db, now)));
    },
    deliver,
    async stop() {
      stopping = true;
      await deliverer.stop();
      lease.release();
    },
  };
}

export interface RunningNotifier extends Notifier {
  /** The time zones with a sweep job, each running NOTIFY_CRON at its own local time. */
  zones(): string[];
  /** One scheduler tick by hand: zones refreshed, a missed sweep made up, the outbox drained. */
  tick(): Promise<void>;
  /** Resolves once every scheduled run started so far (and its deliveries) has finished. */
  idle(): Promise<void>;
}

/** A sweep due less than this long ago is the cron job's to run, not a missed one to make up. */
const CATCH_UP_GRACE_MS = 60_000;

/**
 * Starts the schedule (croner, in-process):
 * - one job per partner time zone, running NOTIFY_CRON in that zone, so "08:00" is each partner's
 *   own 08:00 (zones are re-read every tick, so a new partner's zone gets its job);
 * - a tick every `drainSeconds`: drains the outbox, retries unsent claims (after a restart or a
 *   lease taken over), and makes up a zone's sweep missed while no process held the lease, if it was
 *   due within `catchUpHours` and has not run since.
 * `stop()` (on SIGTERM) stops the jobs, lets sends in flight finish, and releases the lease.
 */
export function startNotifier(deps: NotifierDeps): RunningNotifier {
  const notifier = createNotifier(deps);
  const log = deps.log ?? SILENT;
  const { config } = notifier;
  const jobs = new Map<string, Cron>();
  const running = new Set<Promise<unknown>>();
  let stopped = false;

  const track = (p: Promise<unknown>) => {
    const q = p.catch((e) => log.error({ err: e }, "notify: scheduled run failed")).finally(() => running.delete(q));
    running.add(q);
  };

  const sweepZone = (tz: string) => {
    if (stopped) return;
    track(notifier.sweep(deps.clock(), { timeZones: [tz] }));
  };

  const syncZones = () => {
    const zones = new Set(partnerTimeZones(deps.db));
    for (const [tz, job] of jobs) {
      if (!zones.has(tz)) {
        job.stop();
        jobs.delete(tz);
      }
    }
    for (const tz of zones) {
      if (jobs.has(tz)) continue;
      try {
        jobs.set(tz, new Cron(config.cron, { timezone: tz, name: `notify-sweep-${tz}-${notifier.holder}` }, () => sweepZone(tz)));
      } catch (e) {
        log.error({ err: e, timeZone: tz }, "notify: cannot schedule the sweep for this time zone");
      }
    }
  };

  const catchUp = () => {
    const now = deps.clock();
    for (const [tz, job] of jobs) {
      const due = job.previousRuns(1, now)[0];
      if (!due) continue;
      const last = lastSweep(deps.db, tz);
      if (last && new Date(last) >= due) continue;
      const late = now.getTime() - due.getTime();
      if (late > config.catchUpHours * 3_600_000) continue;
      // Just due: the schedule's own job is running it now (every tick, with a per-second cron).
      if (late < CATCH_UP_GRACE_MS) continue;
      log.info({ timeZone: tz, due: due.toISOString() }, "notify: making up a missed sweep");
      sweepZone(tz);
    }
  };

  const tick = async () => {
    if (stopped) return;
    syncZones();
    catchUp();
    const drained = notifier.drain();
    track(drained);
    await drained;
  };

  syncZones();
  const drainJob = new Cron("* * * * * *", { interval: config.drainSeconds, name: `notify-drain-${notifier.holder}` }, () => {
    // Not awaited: a conversation in backoff must not hold up the next drain of the outbox.
    track(tick());
  });
  track(tick());

  return {
    ...notifier,
    zones: () => [...jobs.keys()],
    tick,
    async idle() {
      while (running.size) await Promise.all([...running]);
    },
    async stop() {
      stopped = true;
      drainJob.stop();
      for (const job of jobs.values()) job.stop();
      jobs.clear();
      await notifier.stop();
      await Promise.all([...running]);
    },
  };
}
