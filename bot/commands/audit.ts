/**
 * One audit row in words ("Seats of Cense: 4 → 6"). The rows' before/after are whatever the verb
 * stored (JSON), so every field is read defensively: an unexpected shape still gives a sentence.
 */
import { serviceById } from "../../domain/catalog";
import type { HistoryEntry } from "../../domain/queries";
import { count, quantity } from "./format";

type Json = Record<string, unknown>;

function obj(v: unknown): Json {
  return v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Json) : {};
}

function str(v: unknown): string | undefined {
  return typeof v === "string" && v !== "" ? v : undefined;
}

function num(v: unknown): number | undefined {
  return typeof v === "number" && Number.isFinite(v) ? v : undefined;
}

function serviceName(id: unknown): string {
  const s = str(id);
  return (s && serviceById(s)?.name) ?? s ?? "a service";
}

function unitOf(id: unknown): string {
  const s = str(id);
  return (s && serviceById(s)?.unit) ?? "user_seats";
}

function qty(v: unknown, serviceId: unknown): string {
  const n = num(v);
  return n === undefined ? "?" : quantity(n, unitOf(serviceId));
}

export function describeEntry(e: HistoryEntry): string {
  const before = obj(e.before);
  const after = obj(e.after);
  const service = after.serviceId ?? before.serviceId;
  switch (e.action) {
    case "onboard": {
      const n = Array.isArray(after.assignments) ? after.assignments.length : 0;
      return n ? `Onboarded with ${count(n)} ${n === 1 ? "service" : "services"}` : "Onboarded";
    }
    case "assign":
      return `Assigned ${qty(after.quantity, service)} of ${serviceName(service)} from pool ${str(after.poolId) ?? "?"}, until ${str(after.expiresOn) ?? "?"}`;
    case "seats":
      return `Changed ${serviceName(service)} from ${qty(before.quantity, service)} to ${qty(after.quantity, service)}`;
    case "auto_adjust":
      return `Auto-adjusted ${serviceName(service)} from ${qty(before.quantity, service)} to ${qty(after.quantity, service)} (measured usage)`;
    case "extend":
      return `Extended ${serviceName(service)} to ${str(after.expiresOn) ?? "?"} (was ${str(before.expiresOn) ?? "?"})`;
    case "expire_canceled_order":
      return `${serviceName(service)} now ends on ${str(after.expiresOn) ?? "?"}: the distributor canceled the order`;
    case "switch":
      return `Switched ${serviceName(service)} from pool ${str(before.poolId) ?? "?"} to pool ${str(after.poolId) ?? "?"}`;
    case "disconnect":
      return "Disconnected";
    case "owner":
      return `Tenant owner changed to ${str(after.tenantOwner) ?? "?"}${str(before.tenantOwner) ? ` (was ${str(before.tenantOwner)})` : ""}`;
    case "license": {
      const license = obj(after.license);
      const type = license.type === "cmp" ? "CMP" : license.type === "enterprise" ? "Enterprise" : "A";
      return `${type} license for ${serviceName(license.serviceId)} until ${str(license.end) ?? "?"}${after.superseded ? "; it replaced the pooled seats" : ""}`;
    }
    default:
      return `${e.action.replaceAll("_", " ")} (${e.entityType} ${e.entityId})`;
  }
}
