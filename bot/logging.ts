import { randomBytes } from "node:crypto";
import { pino, type DestinationStream, type Logger } from "pino";

export type { Logger };

/**
 * Structured JSON logs (pino): one object per line, ISO time, level as a word, errors with their
 * stack. The bot never logs request headers, bodies or configuration; the redaction below is a
 * second line of defence should a token or secret end up in a logged object anyway.
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: "licensing-bot" },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: {
        paths: [
          "authorization",
          "*.authorization",
          "headers.authorization",
          "*.headers.authorization",
          "token",
          "*.token",
          "password",
          "*.password",
          "BOT_PASSWORD",
          "*.BOT_PASSWORD",
          "MicrosoftAppPassword",
          "*.MicrosoftAppPassword",
        ],
        censor: "[redacted]",
      },
    },
    destination,
  );
}

/** A short id tying one activity's log lines to what its user was told. */
export function newCorrelationId(): string {
  return randomBytes(6).toString("hex");
}
