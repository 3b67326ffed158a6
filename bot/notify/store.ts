import type { ConversationReference } from "botbuilder";
import { writeTransaction, type Db } from "../../db/client";
import type { NoticeItem, SweepPlan } from "../../domain/notices";

/**
 * The notification layer's writes: the sending lease, claims, and what became of each send.
 * Every function here is synchronous (better-sqlite3), each write one BEGIN IMMEDIATE transaction.
 */

export const SENDER_LEASE = "sender";

/**
 * Takes or renews the lease `name` for `holder` until `nowMs + ttlMs`; true when held. A lease
 * past its expiry may be taken by anyone; a live one only renewed by its holder.
 */
export function acquireLease(db: Db, holder: string, nowMs: number, ttlMs: number, name = SENDER_LEASE): boolean {
  return writeTransaction(db, () => {
    const r = db.$client
      .prepare(
        `insert into notify_leases (name, holder, expires_at) values (@name, @holder, @until)
         on conflict(name) do update set holder = excluded.holder, expires_at = excluded.expires_at
         where notify_leases.holder = excluded.holder or notify_leases.expires_at <= @now`,
      )
      .run({ name, holder, until: nowMs + ttlMs, now: nowMs });
    return r.changes === 1;
  });
}

/** Gives the lease up at once (graceful stop), so another process need not wait for it to lapse. */
export function releaseLease(db: Db, holder: string, name = SENDER_LEASE): void {
  writeTransaction(db, () => db.$client.prepare(`delete from notify_leases where name = ? and holder = ?`).run(name, holder));
}

export function leaseHolder(db: Db, nowMs: number, name = SENDER_LEASE): string | null {
  const row = db.$client.prepare(`select holder from notify_leases where name = ? and expires_at > ?`).get(name, nowMs) as { holder: string } | undefined;
  return row?.holder ?? null;
}

export interface ClaimResult {
  /** Digests written, each with at least one notice new to its conversation. */
  digestIds: number[];
  /** Notices written. */
  notices: number;
  /** False when the lease was lost between planning and claiming: nothing was written. */
  held: boolean;
}

/**
 * Claims a plan in one transaction: every notice is inserted under its unique key (item, expiration
 * date, threshold, conversation), skipping keys already claimed by anyone, and the digest keeps the
 * items that were new. The plan's outbox events are marked delivered in the same transaction: from
 * here on they live as claimed notices, which survive a crash and are sent by whoever holds the lease.
 */
export function claimPlan(db: Db, plan: SweepPlan, at: { now: Date; holder?: string; leaseAt?: number; leaseName?: string }): ClaimResult {
  const nowIso = at.now.toISOString();
  return writeTransaction(db, () => {
    // The lease is judged by the clock (`leaseAt`), not by the instant planned for.
    if (at.holder && leaseHolder(db, at.leaseAt ?? at.now.getTime(), at.leaseName) !== at.holder) return { digestIds: [], notices: 0, held: false };
    const sqlite = db.$client;
    const insertDigest = sqlite.prepare(
      `insert into notice_digests (conversation_id, partner_id, source, day, items, created_at) values (?, ?, ?, ?, ?, ?)`,
    );
    const insertNotice = sqlite.prepare(
      `insert into notices (conversation_id, digest_id, item_kind, item_id, expires_on, threshold, status, claimed_at)
       values (?, ?, ?, ?, ?, ?, 'claimed', ?)
       on conflict (item_kind, item_id, expires_on, threshold, conversation_id) do nothing`,
    );
    const setItems = sqlite.prepare(`update notice_digests set items = ? where id = ?`);
    const deleteDigest = sqlite.prepare(`delete from notice_digests where id = ?`);
    const digestIds: number[] = [];
    let notices = 0;
    for (const d of plan.digests) {
      const id = Number(insertDigest.run(d.conversationId, d.partnerId, d.source, d.day, JSON.stringify(d.items), nowIso).lastInsertRowid);
      const kept: NoticeItem[] = [];
      for (const item of d.items) {
        const r = insertNotice.run(d.conversationId, id, item.kind, item.itemId, item.expiresOn, item.threshold, nowIso);
        if (r.changes === 1) kept.push(item);
      }
      if (kept.length === 0) {
        deleteDigest.run(id);
        continue;
      }
      if (kept.length !== d.items.length) setItems.run(JSON.stringify(kept), id);
      digestIds.push(id);
      notices += kept.length;
    }
    if (plan.eventIds.length) {
      sqlite
        .prepare(`update domain_events set delivered_at = ? where id in (select value from json_each(?)) and delivered_at is null`)
        .run(nowIso, JSON.stringify(plan.eventIds));
    }
    return { digestIds, notices, held: true };
  });
}

/** A claimed digest waiting to be sent (or re-sent after a crash), with where to send it. */
export interface PendingDigest {
  id: number;
  conversationId: string;
  partnerId: string;
  tenantId: string;
  day: string;
  source: "sweep" | "outbox";
  items: NoticeItem[];
  reference: Partial<ConversationReference>;
  active: boolean;
  /** Attempts made so far (the most of its notices). */
  attempts: number;
}

/** A PendingDigest as SQLite returns it: JSON as text, the flag as 0 or 1. */
type DigestRow = Omit<PendingDigest, "items" | "reference" | "active"> & { items: string; reference: string; active: number };

const DIGEST_SELECT = `select d.id, d.conversation_id conversationId, d.partner_id partnerId, c.tenant_id tenantId, d.day, d.source,
  d.items, c.reference, c.active, (select max(attempts) from notices n where n.digest_id = d.id) attempts
  from notice_digests d join conversations c on c.id = d.conversation_id`;

function toPending(r: DigestRow): PendingDigest {
  return {
    ...r,
    items: JSON.parse(r.items) as NoticeItem[],
    reference: JSON.parse(r.reference) as Partial<ConversationReference>,
    active: r.active === 1,
  };
}

/** Every digest with a notice still claimed (not sent, dropped or failed), oldest first. */
export function pendingDigests(db: Db): PendingDigest[] {
  const rows = db.$client
    .prepare(`${DIGEST_SELECT} where d.id in (select distinct digest_id from notices where status = 'claimed') order by d.id`)
    .all() as DigestRow[];
  return rows.map(toPending);
}

export function getDigest(db: Db, id: number): PendingDigest | undefined {
  const row = db.$client.prepare(`${DIGEST_SELECT} where d.id = ?`).get(id) as DigestRow | undefined;
  return row && toPending(row);
}

/**
 * Records that Teams accepted the digest. Until this commits, the notices stay claimed and are sent
 * again after a restart: that is the one window where a card may repeat (see bot/notify/README.md).
 */
export function recordSent(db: Db, digestId: number, at: { now: Date; activityId?: string }): void {
  writeTransaction(db, () => {
    db.$client
      .prepare(`update notices set status = 'sent', sent_at = ?, attempts = attempts + 1 where digest_id = ? and status = 'claimed'`)
      .run(at.now.toISOString(), digestId);
    db.$client.prepare(`update notice_digests set activity_id = ?, last_error = null where id = ?`).run(at.activityId ?? null, digestId);
  });
}

/**
 * Records a failed attempt; with `final` the digest is given up (status failed). Returns the
 * attempts made so far.
 */
export function recordFailure(db: Db, digestId: number, at: { error: string; final: boolean }): number {
  return writeTransaction(db, () => {
    db.$client
      .prepare(`update notices set attempts = attempts + 1, status = case when ? then 'failed' else status end where digest_id = ? and status = 'claimed'`)
      .run(at.final ? 1 : 0, digestId);
    db.$client.prepare(`update notice_digests set last_error = ? where id = ?`).run(at.error.slice(0, 500), digestId);
    const row = db.$client.prepare(`select max(attempts) n from notices where digest_id = ?`).get(digestId) as { n: number | null };
    return row.n ?? 0;
  });
}

/** When the sweep last ran for a time zone's partners (ISO instant), if ever. */
export function lastSweep(db: Db, timeZone: string): string | null {
  const row = db.$client.prepare(`select last_run_at lastRunAt from notify_sweeps where time_zone = ?`).get(timeZone) as { lastRunAt: string } | undefined;
  return row?.lastRunAt ?? null;
}

export function recordSweep(db: Db, timeZone: string, at: Date): void {
  writeTransaction(db, () =>
    db.$client
      .prepare(`insert into notify_sweeps (time_zone, last_run_at) values (?, ?) on conflict(time_zone) do update set last_run_at = excluded.last_run_at`)
      .run(timeZone, at.toISOString()),
  );
}

/** The time zones partners are in: the scheduler runs the sweep at each one's local hour. */
export function partnerTimeZones(db: Db): string[] {
  return (db.$client.prepare(`select distinct time_zone tz from partners order by tz`).all() as { tz: string }[]).map((r) => r.tz);
}
