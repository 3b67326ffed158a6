/**
 * A clock that only moves when someone sleeps: `sleep(ms)` registers a wake-up at now + ms, and a
 * pump wakes sleepers in time order, moving the clock to each one's time. While real I/O registered
 * with `track` is in flight (a send over loopback HTTP), the clock stands still, as it would for the
 * few real milliseconds the request takes. Tests never wait for real.
 */
export interface VirtualTime {
  clock: () => Date;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  advance: (ms: number) => void;
  /** Every sleep asked for, in ms. */
  sleeps: number[];
  /** Holds the clock while `p` is pending. */
  track<T>(p: Promise<T>): Promise<T>;
}

export function virtualTime(start: string): VirtualTime {
  let t = Date.parse(start);
  let seq = 0;
  const pending: { at: number; seq: number; resolve: () => void }[] = [];
  let pumping = false;
  let holds = 0;
  const sleeps: number[] = [];

  const pump = () => {
    setImmediate(() => {
      if (holds > 0) {
        // Resumed by the last release.
        pumping = false;
        return;
      }
      const next = pending.shift();
      if (!next) {
        pumping = false;
        return;
      }
      t = Math.max(t, next.at);
      next.resolve();
      if (pending.length) pump();
      else pumping = false;
    });
  };

  return {
    clock: () => new Date(t),
    now: () => t,
    sleeps,
    advance: (ms) => {
      t += ms;
    },
    async track(p) {
      holds++;
      try {
        return await p;
      } finally {
        holds--;
        if (holds === 0 && pending.length && !pumping) {
          pumping = true;
          pump();
        }
      }
    },
    sleep(ms) {
      sleeps.push(ms);
      return new Promise<void>((resolve) => {
        const entry = { at: t + Math.max(0, ms), seq: seq++, resolve };
        let i = pending.length;
        while (i > 0 && (pending[i - 1]!.at > entry.at || (pending[i - 1]!.at === entry.at && pending[i - 1]!.seq > entry.seq))) i--;
        pending.splice(i, 0, entry);
        if (!pumping) {
          pumping = true;
          pump();
        }
      });
    },
  };
}
