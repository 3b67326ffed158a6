/** FAQ: a knowledge base written from the vendor's FAQ, a local ranking, and honest answers. */
export { KNOWLEDGE, BOT_COMMANDS, faqEntry, FaqEntry, FaqTopic } from "./knowledge";
export { answerQuestion, judgeQuestion, THRESHOLDS, type FaqAnswer, type Judged } from "./answer";
export { rank, type Ranked, type Ranking } from "./rank";
// The optional language-model phrasing loads teams-ai, so it lives in bot/faq/phrase.ts.
