import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { CONVERSATION_LIMITS, TENANT_LIMITS, type WindowLimit } from "../../../bot/notify/limits";

/** What the fake answers one request with; `delayMs` is real time (a slow connection). */
export interface Answer {
  status: number;
  retryAfter?: string;
  delayMs?: number;
}

export interface Delivery {
  conversationId: string;
  tenantId: string;
  activity: Record<string, unknown>;
  /** The fake clock at arrival, and real time at arrival and at answer. */
  at: number;
  realAt: number;
  answeredAt: number;
}

export interface Violation {
  key: string;
  window: WindowLimit;
  at: number;
}

/**
 * A fake Bot Connector over loopback HTTP, as Teams would treat proactive sends: it accepts
 * `POST /v3/conversations/{id}/activities[/{id}]`, counts every arrival against Teams' windows per
 * conversation and per tenant (on its own clock, the tests' virtual one), answers 429 to anything
 * over a window (and records the violation), and otherwise follows a per-conversation script
 * (429 with or without Retry-After, 5xx, 403, slow) before answering 201 with an activity id.
 */
export class FakeConnector {
  readonly deliveries: Delivery[] = [];
  readonly violations: Violation[] = [];
  /** Every request, answered or not, per conversation. */
  readonly requests = new Map<string, number>();
  private readonly arrivals = new Map<string, number[]>();
  private readonly scripts = new Map<string, Answer[]>();
  private readonly always = new Map<string, Answer>();
  private server: Server | undefined;
  private seq = 0;
  url = "";

  constructor(
    private readonly now: () => number,
    private readonly limits = { conversation: CONVERSATION_LIMITS, tenant: TENANT_LIMITS },
  ) {}

  /** Answers the next requests to a conversation in this order, then 201s. */
  script(conversationId: string, ...answers: Answer[]): this {
    this.scripts.set(conversationId, [...(this.scripts.get(conversationId) ?? []), ...answers]);
    return this;
  }

  /** Answers every request to a conversation so (after any script). */
  answerAlways(conversationId: string, answer: Answer): this {
    this.always.set(conversationId, answer);
    return this;
  }

  deliveredTo(conversationId: string): Delivery[] {
    return this.deliveries.filter((d) => d.conversationId === conversationId);
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
    return this;
  }

  async close(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const m = /^\/v3\/conversations\/([^/]+)\/activities(?:\/[^/]+)?$/.exec(req.url ?? "");
    if (req.method !== "POST" || !m) return answer(res, { status: 404 });
    const conversationId = decodeURIComponent(m[1]!);
    let activity: Record<string, unknown>;
    try {
      activity = JSON.parse(body) as Record<string, unknown>;
    } catch {
      return answer(res, { status: 400 });
    }
    const tenantId = String((activity.conversation as { tenantId?: string } | undefined)?.tenantId ?? "unknown");
    const at = this.now();
    const realAt = Date.now();
    this.requests.set(conversationId, (this.requests.get(conversationId) ?? 0) + 1);

    const over = [...this.count(`c:${conversationId}`, this.limits.conversation, at), ...this.count(`t:${tenantId}`, this.limits.tenant, at)];
    if (over.length) {
      this.violations.push(...over);
      return answer(res, { status: 429, retryAfter: "1" });
    }
    const scripted = this.scripts.get(conversationId)?.shift() ?? this.always.get(conversationId);
    if (scripted?.delayMs) await new Promise((r) => setTimeout(r, scripted.delayMs));
    if (scripted && (scripted.status < 200 || scripted.status >= 300)) return answer(res, scripted);
    this.deliveries.push({ conversationId, tenantId, activity, at, realAt, answeredAt: Date.now() });
    return answer(res, { status: 201 }, { id: `act-${++this.seq}` });
  }

  /** Records an arrival for `key` and returns the windows it overflows. */
  private count(key: string, limits: readonly WindowLimit[], at: number): Violation[] {
    const horizon = Math.max(...limits.map((w) => w.perMs));
    const list = (this.arrivals.get(key) ?? []).filter((t) => t > at - horizon);
    list.push(at);
    this.arrivals.set(key, list);
    const out: Violation[] = [];
    for (const w of limits) {
      const inWindow = list.filter((t) => t > at - w.perMs).length;
      if (inWindow > w.max) out.push({ key, window: w, at });
    }
    return out;
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let s = "";
    req.setEncoding("utf8");
    req.on("data", (c: string) => (s += c));
    req.on("end", () => resolve(s));
    req.on("error", reject);
  });
}

function answer(res: ServerResponse, a: Answer, body: unknown = a.status >= 400 ? { error: { code: "Fake", message: `status ${a.status}` } } : {}): void {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (a.retryAfter !== undefined) headers["retry-after"] = a.retryAfter;
  res.writeHead(a.status, headers);
  res.end(JSON.stringify(body));
}
