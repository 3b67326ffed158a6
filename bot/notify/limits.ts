/**
 * Teams' proactive-message limits, kept on our side so Teams rarely has to answer 429.
 * (Microsoft Teams docs, "Optimize your bot with rate limiting": per bot per conversation 7 sends
 * a second, 8 in 2 s, 60 in 30 s, 1,800 an hour; per bot per tenant 50 a second.)
 */

export interface WindowLimit {
  max: number;
  perMs: number;
}

export const CONVERSATION_LIMITS: readonly WindowLimit[] = [
  { max: 7, perMs: 1_000 },
  { max: 8, perMs: 2_000 },
  { max: 60, perMs: 30_000 },
  { max: 1_800, perMs: 3_600_000 },
];

export const TENANT_LIMITS: readonly WindowLimit[] = [{ max: 50, perMs: 1_000 }];

/**
 * Sliding windows over one key (a conversation, a tenant). A send counts from the moment it is
 * reserved until its window has passed *after it completed*: while in flight it counts as "now".
 * Teams counts arrivals, which fall between our start and our completion, so counting from the
 * completion can only be stricter than Teams.
 */
export class RateGate {
  /** Completion instants (ms), ascending. */
  private done: number[] = [];
  private inFlight = 0;
  private waiters: (() => void)[] = [];
  private readonly horizon: number;

  constructor(readonly limits: readonly WindowLimit[]) {
    this.horizon = Math.max(...limits.map((l) => l.perMs));
  }

  /**
   * 0 when a send may start at `now`; a positive number of ms to wait; or null when only a
   * completion of a send in flight can free a place.
   */
  wait(now: number): number | null {
    this.prune(now);
    let wait = 0;
    for (const { max, perMs } of this.limits) {
      const from = firstAfter(this.done, now - perMs);
      const inWindow = this.done.length - from;
      const count = inWindow + this.inFlight;
      if (count < max) continue;
      // The oldest `count - max + 1` completions in the window must age out first.
      const need = count - max + 1;
      if (need > inWindow) return null;
      wait = Math.max(wait, this.done[from + need - 1]! + perMs - now);
    }
    return wait;
  }

  reserve(): void {
    this.inFlight++;
  }

  complete(at: number): void {
    this.inFlight--;
    // Completions arrive nearly in order; insert in place to keep the list sorted.
    let i = this.done.length;
    while (i > 0 && this.done[i - 1]! > at) i--;
    this.done.splice(i, 0, at);
    this.wake();
  }

  /** A reservation given back unused (the send never started). */
  cancel(): void {
    this.inFlight--;
    this.wake();
  }

  whenFreed(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  get idle(): boolean {
    return this.inFlight === 0 && this.done.length === 0;
  }

  private prune(now: number): void {
    const from = firstAfter(this.done, now - this.horizon);
    if (from > 0) this.done.splice(0, from);
  }
}

/** Index of the first element strictly greater than `t` in an ascending list. */
function firstAfter(list: number[], t: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]! > t) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

export interface Ticket {
  /** The send finished (whatever Teams answered) at `at` ms. */
  done(at: number): void;
  /** The send never started. */
  cancel(): void;
}

export interface LimiterOptions {
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  conversationLimits?: readonly WindowLimit[];
  tenantLimits?: readonly WindowLimit[];
  /** Sends in flight at once, over all conversations. */
  concurrency: number;
}

/**
 * Admits one send at a time per caller: waits until the conversation's windows, its tenant's
 * window and the overall concurrency all have room, then reserves a place in each.
 */
export class SendLimiter {
  private conversations = new Map<string, RateGate>();
  private tenants = new Map<string, RateGate>();
  private readonly slots: RateGate;
  private closed = false;

  constructor(private readonly options: LimiterOptions) {
    // Concurrency as a gate whose window never lets a completed send count.
    this.slots = new RateGate([{ max: options.concurrency, perMs: 0 }]);
  }

  /** A ticket, or null once the limiter is closed (stopping). */
  async acquire(conversationId: string, tenantId: string): Promise<Ticket | null> {
    const gates = [this.gate(this.conversations, conversationId, this.options.conversationLimits ?? CONVERSATION_LIMITS), this.gate(this.tenants, tenantId, this.options.tenantLimits ?? TENANT_LIMITS), this.slots];
    for (;;) {
      if (this.closed) return null;
      const now = this.options.now();
      let wait = 0;
      const blocked: RateGate[] = [];
      for (const g of gates) {
        const w = g.wait(now);
        if (w === null) blocked.push(g);
        else wait = Math.max(wait, w);
      }
      if (blocked.length === 0 && wait === 0) {
        // No await between the check and the reservation: nobody else can take the place.
        for (const g of gates) g.reserve();
        let settled = false;
        return {
          done: (at) => {
            if (settled) return;
            settled = true;
            for (const g of gates) g.complete(at);
          },
          cancel: () => {
            if (settled) return;
            settled = true;
            for (const g of gates) g.cancel();
          },
        };
      }
      if (blocked.length) await Promise.race(blocked.map((g) => g.whenFreed()));
      else await this.options.sleep(wait);
    }
  }

  /** Wakes every waiter; `acquire` answers null from now on. */
  close(): void {
    this.closed = true;
    for (const g of [...this.conversations.values(), ...this.tenants.values(), this.slots]) g.wake();
  }

  private gate(map: Map<string, RateGate>, key: string, limits: readonly WindowLimit[]): RateGate {
    let g = map.get(key);
    if (!g) map.set(key, (g = new RateGate(limits)));
    return g;
  }
}
