import { runNotifyCommand } from "../notify";
import { notice } from "./notices";
import type { Session } from "./session";
import type { Reply } from "./types";

/**
 * `notify`, `notify on | off | at 30,7,1`: this conversation's expiry notifications. Anyone may
 * look; only administrators change them (U1, checked by the notifier's setNotify).
 */
export function notifySettings(s: Session, text: string): Reply {
  const conversationId = s.ctx.conversationId;
  if (!conversationId) return notice("Expiry notifications", "Notifications are set per conversation: type notify in the chat or channel where you want them.", "Default");
  const r = runNotifyCommand({ db: s.ctx.db, clock: s.ctx.clock }, { text, conversationId, speaker: s.ctx.speaker });
  if (!r.ok) return notice("Notifications not changed", r.refusal.message, "Warning");
  return notice("Expiry notifications", r.text, "Default");
}
