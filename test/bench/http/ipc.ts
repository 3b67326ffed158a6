/** Messages between the benchmark (test/bench/http.ts) and the bot process it forks (./bot.ts). */

export type ToBot =
  | { type: "cpu" }
  | { type: "profile-start" }
  | { type: "profile-stop"; file: string }
  | { type: "counts" }
  | { type: "stop" };

export type FromBot =
  | { type: "ready"; botUrl: string; echoUrl: string; echoOursUrl: string; pid: number }
  | { type: "cpu"; usage: NodeJS.CpuUsage; rss: number }
  | { type: "profile-started" }
  | { type: "profile-stopped"; file: string }
  | { type: "counts"; pending: Record<string, number>; assignments: number }
  | { type: "stopped" };
