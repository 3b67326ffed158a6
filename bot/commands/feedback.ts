import { feedbackCard } from "../../cards";
import { recordFeedback, type Actor } from "../../domain";
import { notice } from "./notices";
import type { Session } from "./session";
import type { Reply } from "./types";

export const FEEDBACK_MAX = 4000;

/** `feedback <text>`: recorded for the vendor with the speaker as its author; viewers may give it too. */
export function sendFeedback(s: Session, text: string): Reply {
  const trimmed = text.trim();
  if (trimmed === "") {
    return notice("What would you like to tell the vendor?", "Type feedback followed by your text, for example: feedback the expiring list helps a lot. Or use the form on the home card (help).", "Default");
  }
  if (trimmed.length > FEEDBACK_MAX) {
    return notice("That feedback is too long", `Feedback has at most 4,000 characters and yours has ${trimmed.length.toLocaleString("en-US")}. Shorten it, or send it in parts. Nothing was recorded.`);
  }
  const { speaker, db, clock } = s.ctx;
  const actor: Actor = { kind: "user", partnerId: speaker.partnerId, aadObjectId: speaker.aadObjectId, name: speaker.name, role: speaker.role };
  const outcome = recordFeedback({ db, clock, actor }, { text: trimmed });
  if (!outcome.ok) return notice("I could not record that feedback", `${outcome.refusal.message}. Nothing was recorded.`);
  return { attachments: [feedbackCard({ userName: speaker.name })] };
}
