import { submit } from "../actions";
import { defineTemplate } from "../render";
import { actionSet, card, text, title } from "./parts";

export interface FeedbackCardData {
  userName: string;
}

/** The answer to `feedback <text>`. */
export const feedbackTemplate = defineTemplate<FeedbackCardData>(
  "feedback",
  card([
    title("Thank you"),
    text("Thanks, ${userName}. Your feedback is recorded and goes to the vendor as you wrote it."),
    actionSet([submit("Home", "home")]),
  ]),
);
