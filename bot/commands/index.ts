import type { CommandContext, CommandInput, Reply } from "./types";

export type { CommandContext, CommandInput, Reply, Speaker } from "./types";

/**
 * Runs one command. Placeholder until the read commands land (issue 5): it answers every input
 * with a short text naming what is there so far.
 */
export async function runCommand(_ctx: CommandContext, input: CommandInput): Promise<Reply> {
  const what = input.kind === "text" ? input.text : input.verb;
  return { text: `I heard "${what}", but commands are not built yet.` };
}
