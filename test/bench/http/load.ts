import autocannon from "autocannon";
import { percentile } from "../report";

export interface LoadOptions {
  /** The bot's /api/messages url. */
  url: string;
  connections: number;
  /** Seconds; ignored when `amount` is set. */
  seconds?: number;
  /** Exactly this many requests (each consumes something prepared, such as a pending change). */
  amount?: number;
  /** The JSON body of the next request; called once per request. */
  body: () => string;
  /** Sees each response body (autocannon reads it anyway); for checks, not timing. */
  onResponse?: (status: number, body: string) => void;
}

export interface LoadResult {
  requests: number;
  /** Requests answered 2xx per second of the run. */
  perSecond: number;
  p50: number;
  p99: number;
  max: number;
  /** Non-2xx answers, connection errors and timeouts. */
  failures: number;
  seconds: number;
}

/**
 * One closed-loop run with autocannon: `connections` clients, each sending its next request as soon
 * as the previous one is answered. Latencies are taken from autocannon's per-response event, in
 * fractions of a millisecond (its own histogram keeps whole milliseconds, too coarse for a 2 ms turn).
 */
export function load(o: LoadOptions): Promise<LoadResult> {
  const latencies: number[] = [];
  let ok = 0;
  let failures = 0;
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: o.url,
        connections: o.connections,
        ...(o.amount !== undefined ? { amount: o.amount } : { duration: o.seconds ?? 10 }),
        timeout: 30,
        requests: [
          {
            method: "POST",
            headers: { "content-type": "application/json" },
            setupRequest: (req) => ({ ...req, body: o.body() }),
            ...(o.onResponse ? { onResponse: (status: number, body: string) => o.onResponse!(status, body) } : {}),
          },
        ],
      },
      (err, result) => {
        if (err) return reject(err);
        const seconds = (performance.now() - started) / 1000;
        failures += result.errors + result.timeouts;
        resolve({
          requests: ok,
          // A timed run: its nominal length (autocannon stops sending then); a counted run: until its last answer.
          perSecond: ok / (o.amount !== undefined ? seconds : (o.seconds ?? 10)),
          p50: percentile(latencies, 50),
          p99: percentile(latencies, 99),
          max: percentile(latencies, 100),
          failures,
          seconds,
        });
      },
    );
    instance.on("response", (_client: unknown, status: number, _bytes: number, ms: number) => {
      latencies.push(ms);
      if (status >= 200 && status < 300) ok++;
      else failures++;
    });
  });
}
