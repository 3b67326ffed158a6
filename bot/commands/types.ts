import type { Attachment } from "botbuilder";
import type { Db } from "../../db/client";
import type { ExportLinks } from "../export";
import type { Phraser } from "../faq/phrase";

/**
 * The contract between the bot's transport (bot/server.ts, bot/app.ts: HTTP, adapter, identity)
 * and its commands (bot/commands/: parse, call the domain, render cards). The transport resolves
 * who is speaking before any command runs; commands never see an unresolved user.
 */

/** A partner user resolved from the activity's tenant id and AAD object id (U1, U2). */
export interface Speaker {
  partnerId: string;
  aadObjectId: string;
  name: string;
  role: "administrator" | "viewer";
}

export interface CommandContext {
  db: Db;
  clock: () => Date;
  speaker: Speaker;
  /** The Teams conversation the command came from (notification settings are per conversation). */
  conversationId?: string;
  /** Signs CSV download links (bot/export.ts); absent where no HTTP server serves them. */
  exports?: ExportLinks;
  /** The optional language model that words FAQ answers (bot/faq/phrase.ts); absent: the knowledge base's text. */
  faq?: FaqPhrasing;
}

export interface FaqPhrasing {
  phraser: Phraser;
  /** Default PHRASE_TIMEOUT_MS (5 s). */
  timeoutMs?: number;
  /** Told why a wording was refused and the entry's own text shown (for logs; never shown to the partner). */
  onRejected?: (reason: string) => void;
}

/** What arrived: typed text (mention already stripped), or a card action's verb and data. */
export type CommandInput =
  | { kind: "text"; text: string }
  /** Action.Submit (message with `value`) or Action.Execute (invoke `adaptiveCard/action`). */
  | { kind: "action"; verb: string; data: unknown; execute: boolean };

/** What the bot answers: text and/or cards. For Action.Execute the first card replaces the one clicked. */
export interface Reply {
  text?: string;
  attachments?: Attachment[];
  /**
   * The first card answers the card clicked (a confirmation's result, a form's next step): for
   * Action.Submit, which has no invoke response, the transport updates the clicked message with it
   * when it can, as Action.Execute would, rather than posting a new one.
   */
  replaceCard?: boolean;
}
