import type { CommandContext, CommandInput, Reply } from "../../../bot/commands";

/**
 * Stand-in commands for tests of the transport: they answer with what reached them (who spoke and
 * what they sent), so a test sees in the reply exactly what the bot understood.
 */
export interface RecordingCommands {
  (ctx: CommandContext, input: CommandInput): Promise<Reply>;
  calls: { ctx: CommandContext; input: CommandInput }[];
}

export function describeInput(ctx: CommandContext, input: CommandInput): string {
  const who = `${ctx.speaker.name} (${ctx.speaker.role} of ${ctx.speaker.partnerId})`;
  if (input.kind === "text") return `${who} typed "${input.text}"`;
  return `${who} ${input.execute ? "executed" : "submitted"} ${input.verb} ${JSON.stringify(input.data)}`;
}

/** Echoes the input as text. */
export function echoCommands(): RecordingCommands {
  const fn = (async (ctx, input) => {
    fn.calls.push({ ctx, input });
    return { text: describeInput(ctx, input) };
  }) as RecordingCommands;
  fn.calls = [];
  return fn;
}

/** Echoes the input as an Adaptive Card (what Action.Execute puts in place of the card clicked). */
export function cardCommands(): RecordingCommands {
  const fn = (async (ctx, input) => {
    fn.calls.push({ ctx, input });
    return {
      attachments: [
        {
          contentType: "application/vnd.microsoft.card.adaptive",
          content: { type: "AdaptiveCard", version: "1.5", body: [{ type: "TextBlock", text: describeInput(ctx, input), wrap: true }] },
        },
      ],
    };
  }) as RecordingCommands;
  fn.calls = [];
  return fn;
}

/** Fails every time, as an unexpected bug would. */
export function failingCommands(): RecordingCommands {
  const fn = (async (ctx, input): Promise<Reply> => {
    fn.calls.push({ ctx, input });
    throw new Error("boom: the database went away");
  }) as RecordingCommands;
  fn.calls = [];
  return fn;
}
