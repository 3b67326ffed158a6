import type { Db } from "../../db/client";
import type { Ctx } from "../../domain/context";
import { digestActivity } from "./card";
import type { NotifyConfig } from "./config";
import { deactivateConversation } from "./conversations";
import { SendLimiter } from "./limits";
import type { Sender } from "./sender";
import { acquireLease, pendingDigests, recordFailure, recordSent, releaseLease, type PendingDigest } from "./store";

export interface NotifyLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export const SILENT: NotifyLog = { info() {}, warn() {}, error() {} };

export interface DeliveryReport {
  sent: number;
  /** The conversation is gone (403/404, or deactivated meanwhile): not retried. */
  dropped: number;
  /** Given up: a permanent error, or the attempt limit. */
  failed: number;
  /** Left claimed for a later pass: stopping, or the lease was lost. */
  deferred: number;
  /** Attempts that failed and were retried after a wait. */
  retries: number;
}

export const emptyReport = (): DeliveryReport => ({ sent: 0, dropped: 0, failed: 0, deferred: 0, retries: 0 });

/**
 * The sending lease as this process sees it. Nobody can take a lease before it expires, so while
 * at least `ttl / 2` is left in memory no database round trip is needed; the config guarantees
 * `ttl / 2 > sendTimeout`, so a send started under the lease always ends before anyone else could
 * take the lease over and send the same claim.
 */
export class LeaseKeeper {
  private validUntil = 0;

  constructor(
    private readonly db: Db,
    readonly holder: string,
    private readonly now: () => number,
    private readonly ttlMs: number,
  ) {}

  ensure(): boolean {
    const now = this.now();
    if (this.validUntil - now >= this.ttlMs / 2) return true;
    const held = acquireLease(this.db, this.holder, now, this.ttlMs);
    this.validUntil = held ? now + this.ttlMs : 0;
    return held;
  }

  release(): void {
    this.validUntil = 0;
    releaseLease(this.db, this.holder);
  }
}

export interface DelivererDeps {
  db: Db;
  clock: () => Date;
  sender: Sender;
  config: NotifyConfig;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  log: NotifyLog;
  lease: LeaseKeeper;
}

type Outcome = "sent" | "dropped" | "failed" | "deferred";

interface Worker {
  queue: { digest: PendingDigest; report: DeliveryReport }[];
  done: Promise<void>;
}

/**
 * Statuses worth another try: throttling (429), precondition races (412), server trouble, no answer.
 * "No answer" (status 0: a timeout, a reset connection) is ambiguous: Teams may have accepted the
 * card. Retrying it can repeat that card once; this is the same window as a crash after Teams
 * accepted (see recordSent below), and at-least-once delivery prefers it to losing the card.
 */
export function isRetryable(status: number): boolean {
  return status === 0 || status === 429 || status === 412 || status >= 500;
}

/**
 * Sends claimed digests: one worker per conversation (its digests in order, one at a time), all
 * conversations concurrently, each send admitted by the limiter (Teams' windows per conversation and
 * per tenant, and a cap on sends in flight). A throttled or slow conversation only holds up itself.
 */
export class Deliverer {
  private readonly workers = new Map<string, Worker>();
  private readonly inFlight = new Set<number>();
  private readonly limiter: SendLimiter;
  private stopping = false;
  private wakeSleepers: () => void = () => {};
  private readonly stopped: Promise<void>;

  constructor(private readonly deps: DelivererDeps) {
    this.limiter = new SendLimiter({
      now: () => deps.clock().getTime(),
      sleep: (ms) => this.sleep(ms),
      concurrency: deps.config.concurrency,
    });
    this.stopped = new Promise((resolve) => (this.wakeSleepers = resolve));
  }

  /** Sends every claimed digest not already being sent; resolves when the workers it fed are idle. */
  async deliverPending(): Promise<DeliveryReport> {
    const report = emptyReport();
    if (this.stopping) return report;
    const touched = new Set<Promise<void>>();
    for (const digest of pendingDigests(this.deps.db)) {
      if (this.inFlight.has(digest.id)) continue;
      this.inFlight.add(digest.id);
      touched.add(this.enqueue(digest, report));
    }
    await Promise.all(touched);
    return report;
  }

  /** No new sends; sends in flight finish and are recorded; waits in backoff end at once. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.limiter.close();
    this.wakeSleepers();
    await Promise.all([...this.workers.values()].map((w) => w.done));
  }

  get busy(): boolean {
    return this.workers.size > 0;
  }

  private sleep(ms: number): Promise<void> {
    return Promise.race([this.deps.sleep(ms), this.stopped]);
  }

  private enqueue(digest: PendingDigest, report: DeliveryReport): Promise<void> {
    const existing = this.workers.get(digest.conversationId);
    if (existing) {
      existing.queue.push({ digest, report });
      return existing.done;
    }
    const worker: Worker = { queue: [{ digest, report }], done: Promise.resolve() };
    this.workers.set(digest.conversationId, worker);
    worker.done = this.run(worker).finally(() => this.workers.delete(digest.conversationId));
    return worker.done;
  }

  private async run(worker: Worker): Promise<void> {
    let gone = false;
    while (worker.queue.length) {
      const { digest, report } = worker.queue.shift()!;
      try {
        const outcome: Outcome = gone ? "dropped" : await this.deliverOne(digest, report);
        report[outcome]++;
        if (outcome === "dropped") gone = true;
      } catch (e) {
        // An unexpected error (the database, a bug): the digest stays claimed for the next pass.
        this.deps.log.error({ err: e, digestId: digest.id }, "notify: delivery failed unexpectedly");
        report.deferred++;
      } finally {
        this.inFlight.delete(digest.id);
      }
    }
  }

  private async deliverOne(d: PendingDigest, report: DeliveryReport): Promise<Outcome> {
    const { db, clock, config, log, lease, sender } = this.deps;
    if (!d.active) {
      this.drop(d, "conversation inactive");
      return "dropped";
    }
    const activity = digestActivity(d);
    let attempts = d.attempts;
    for (;;) {
      if (this.stopping) return "deferred";
      const ticket = await this.limiter.acquire(d.conversationId, d.tenantId);
      if (!ticket) return "deferred";
      // Fencing: only the lease holder sends. Lost lease: the new holder sends this claim instead.
      if (!lease.ensure()) {
        ticket.cancel();
        log.warn({ digestId: d.id }, "notify: sending lease lost; leaving the claim to its new holder");
        return "deferred";
      }
      const result = await sender.send(d.reference, activity);
      ticket.done(clock().getTime());
      if (result.status >= 200 && result.status < 300) {
        // THE REPEAT WINDOW. Teams has accepted the card; until recordSent commits, its notices are
        // still "claimed". A crash (or a failed write) right here leaves them so, and whoever holds
        // the lease next sends this card once more. The Bot Connector takes no idempotency key, so
        // no narrower window exists: delivery is at least once, with this one card as the exception.
        recordSent(db, d.id, { now: clock(), ...(result.activityId ? { activityId: result.activityId } : {}) });
        return "sent";
      }
      if (result.status === 403 || result.status === 404) {
        // The bot was removed from the conversation (or it no longer exists): stop, never retry.
        this.drop(d, `Teams answered ${result.status}`);
        return "dropped";
      }
      const retryable = isRetryable(result.status);
      const final = !retryable || attempts + 1 >= config.maxAttempts;
      attempts = recordFailure(db, d.id, { error: result.error ?? `HTTP ${result.status}`, final });
      if (final) {
        log.error({ digestId: d.id, conversationId: d.conversationId, status: result.status, attempts }, "notify: digest given up");
        return "failed";
      }
      report.retries++;
      const wait = result.retryAfterMs ?? this.backoff(attempts);
      log.info({ digestId: d.id, status: result.status, attempts, waitMs: wait }, "notify: retrying after a wait");
      await this.sleep(wait);
    }
  }

  /** Exponential, with "equal jitter": half the step fixed, half random, so retries do not align. */
  private backoff(attempts: number): number {
    const { backoffBaseMs, backoffMaxMs } = this.deps.config;
    const step = Math.min(backoffMaxMs, backoffBaseMs * 2 ** Math.max(0, attempts - 1));
    return Math.round(step / 2 + this.deps.random() * (step / 2));
  }

  private drop(d: PendingDigest, reason: string): void {
    const ctx: Ctx = { db: this.deps.db, clock: this.deps.clock, actor: { kind: "system", name: "notifier" } };
    const r = deactivateConversation(ctx, { conversationId: d.conversationId, reason });
    if (!r.ok) this.deps.log.error({ refusal: r.refusal, conversationId: d.conversationId }, "notify: could not deactivate a conversation");
    // Already inactive: its notices may still be claimed (claimed in a race with the removal).
    this.deps.db.$client.prepare(`update notices set status = 'dropped' where digest_id = ? and status = 'claimed'`).run(d.id);
    this.deps.log.warn({ conversationId: d.conversationId, reason }, "notify: conversation deactivated");
  }
}
