/**
 * One bot process's notifier, for the two-process test: opens the database file, sweeps at the
 * given instant against the given connector, and prints its report as JSON.
 * Usage: node --import tsx test/notify/support/sweeper.ts <db file> <ISO instant> <holder>, then "go" on stdin.
 */
import { createNotifier } from "../../../bot/notify/notifier";
import { connectorSender } from "../../../bot/notify/sender";
import { openDatabase } from "../../../db/client";

const [file, instant, holder] = process.argv.slice(2);
if (!file || !instant || !holder) throw new Error("usage: sweeper.ts <db file> <ISO instant> <holder>");
const db = openDatabase(file);
const now = new Date(instant);
const notifier = createNotifier({ db, clock: () => now, sender: connectorSender({ timeoutMs: 5_000 }), holder });
// A barrier: say "ready", then wait for "go" on stdin, so both processes sweep at the same moment.
console.log("ready");
await new Promise<void>((resolve) => process.stdin.once("data", () => resolve()));
process.stdin.pause();
const report = await notifier.sweep(now);
const drained = await notifier.drain(now);
console.log(JSON.stringify({ holder, report, drained }));
db.$client.close();
