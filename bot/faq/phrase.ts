/**
 * Optional phrasing of a FAQ answer by a language model, grounded in the knowledge base: the
 * model sees only the top passages, must cite one of them, and anything else (no citation, a
 * citation outside the passages, empty text, a number or link not in the cited passage, an
 * error or a timeout) falls back to the knowledge base's own answer.
 *
 * Only a confident `answer` is ever phrased: an `unsure` or `out_of_scope` reply stays as it is,
 * so a model cannot turn "not sure" into a claim.
 *
 * It lives in bot/ because it loads teams-ai (domain/ knows nothing of Teams); the knowledge base
 * and the ranking it phrases are domain/faq. The bot wires it from the config (`phraserFromConfig`)
 * and commands reach it through their CommandContext, so tests hand in a fake model.
 */
import type { TurnContext } from "botbuilder";
import {
  GPTTokenizer,
  OpenAIModel,
  Prompt,
  TextSection,
  type Memory,
  type PromptCompletionModel,
  type PromptFunctions,
  type PromptTemplate,
} from "@microsoft/teams-ai";
import { z } from "zod";
import type { FaqAnswer, FaqEntry } from "../../domain/faq";
import type { Config } from "../config";

export interface Passage {
  entryId: string;
  question: string;
  answer: string;
}

export interface Phrased {
  text: string;
  citedEntryId: string;
}

export interface Phraser {
  phrase(question: string, passages: readonly Passage[]): Promise<Phrased>;
}

export type ConfidentAnswer = Extract<FaqAnswer, { kind: "answer" }>;

/** What the partner is shown: the text, the entry it comes from, and who worded it. */
export interface GroundedText {
  text: string;
  entry: FaqEntry;
  source: "model" | "knowledge-base";
}

export function passageOf(entry: FaqEntry): Passage {
  return { entryId: entry.id, question: entry.question, answer: entry.answer };
}

/** The passages a model may use for an answer: the answer's entry first, then its alternatives. */
export function passagesFor(answer: ConfidentAnswer): Passage[] {
  return [answer.entry, ...answer.alternatives].map(passageOf);
}

/** Numbers, dates and links: a phrasing may use only those its cited passage contains. */
function specifics(text: string): string[] {
  return text.toLowerCase().match(/https?:\/\/\S+?(?=[\s)]|[.,;]?(?:\s|$))|\d+/g) ?? [];
}

/**
 * Why a phrasing is refused, or undefined when it may be shown. Exported for tests.
 */
export function rejectPhrasing(phrased: Phrased | undefined, passages: readonly Passage[]): string | undefined {
  if (!phrased) return "no phrasing";
  const cited = passages.find((p) => p.entryId === phrased.citedEntryId);
  if (!cited) return `cited ${JSON.stringify(phrased.citedEntryId)}, not one of the passages`;
  if (phrased.text.trim().length === 0) return "empty text";
  const allowed = new Set(specifics(cited.answer));
  const stray = specifics(phrased.text).filter((s) => !allowed.has(s));
  if (stray.length > 0) return `states ${stray.join(", ")}, not in the cited passage`;
  return undefined;
}

/** A partner waits this long at most for the model before the knowledge base's answer is shown. */
export const PHRASE_TIMEOUT_MS = 5_000;

export interface PhraseOptions {
  /** Give up on the model after this long and show the knowledge base's answer. */
  timeoutMs?: number;
  /** Told why a phrasing was refused (for logs); never shown to the partner. */
  onRejected?: (reason: string) => void;
}

/**
 * The text to show for a confident answer: the phraser's wording when it passes the guard,
 * otherwise the entry's answer as written. Never throws.
 */
export async function phraseAnswer(
  phraser: Phraser | undefined,
  question: string,
  answer: ConfidentAnswer,
  options: PhraseOptions = {},
): Promise<GroundedText> {
  const fallback: GroundedText = { text: answer.entry.answer, entry: answer.entry, source: "knowledge-base" };
  if (!phraser) return fallback;
  const passages = passagesFor(answer);
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const timeout = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), options.timeoutMs ?? PHRASE_TIMEOUT_MS);
    });
    const phrased = await Promise.race([phraser.phrase(question, passages), timeout]);
    const reason = rejectPhrasing(phrased, passages);
    if (reason || !phrased) {
      options.onRejected?.(phrased ? reason! : "timed out");
      return fallback;
    }
    const entry = [answer.entry, ...answer.alternatives].find((e) => e.id === phrased.citedEntryId)!;
    return { text: phrased.text.trim(), entry, source: "model" };
  } catch (err) {
    options.onRejected?.(`model failed: ${err instanceof Error ? err.name : "error"}`);
    return fallback;
  } finally {
    clearTimeout(timer);
  }
}

// ---- teams-ai implementation ----

const INSTRUCTIONS = [
  "You answer questions from MSP partners about a vendor's partner portal and pooled licensing.",
  "Use ONLY the passages below. Do not add facts, numbers, dates, links or advice that the passage you use does not state.",
  "Pick the one passage that answers the question and rephrase its answer briefly and plainly for the question asked.",
  'Reply with JSON only: {"text": "<your answer>", "citedEntryId": "<id of the passage you used>"}.',
  'If no passage answers the question, reply {"text": "", "citedEntryId": ""}.',
].join("\n");

const ModelReply = z.object({ text: z.string(), citedEntryId: z.string() });

/** Reads the model's JSON reply, tolerating a Markdown code fence around it. */
export function parseModelReply(content: unknown): Phrased | undefined {
  if (typeof content !== "string") return undefined;
  const json = content.trim().replace(/^```(?:json)?\s*/i, "").replace(/\s*```$/, "");
  try {
    const parsed = ModelReply.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** A turn-local memory: the prompt is fixed text, so nothing is read from or kept in turn state. */
function scratchMemory(): Memory {
  const values = new Map<string, unknown>();
  return {
    deleteValue: (path) => void values.delete(path),
    hasValue: (path) => values.has(path),
    getValue: <T>(path: string) => values.get(path) as T,
    setValue: (path, value) => void values.set(path, value),
  };
}

const NO_FUNCTIONS: PromptFunctions = {
  hasFunction: () => false,
  getFunction: (name) => {
    throw new Error(`no prompt function ${name}`);
  },
  invokeFunction: (name) => Promise.reject(new Error(`no prompt function ${name}`)),
};

export interface ModelPhraserOptions {
  /** The deployment or model name; teams-ai's default for the model when omitted. */
  model?: string;
  maxTokens?: number;
}

/** A Phraser over any teams-ai `PromptCompletionModel` (OpenAIModel, or a fake in tests). */
export class ModelPhraser implements Phraser {
  private readonly tokenizer = new GPTTokenizer();

  constructor(
    private readonly model: PromptCompletionModel,
    private readonly options: ModelPhraserOptions = {},
  ) {}

  /**
   * `context` is the turn being answered, when there is one: teams-ai passes it to the model's
   * events and to prompt sections that read turn state, and this prompt's sections do not.
   */
  async phrase(question: string, passages: readonly Passage[], context?: TurnContext): Promise<Phrased> {
    const sources = passages.map((p) => `[${p.entryId}] Q: ${p.question}\nA: ${p.answer}`).join("\n\n");
    const template: PromptTemplate = {
      name: "faq-phrase",
      prompt: new Prompt([
        new TextSection(`${INSTRUCTIONS}\n\nPassages:\n${sources}`, "system"),
        new TextSection(question, "user"),
      ]),
      config: {
        schema: 1.1,
        type: "completion",
        completion: {
          completion_type: "chat",
          ...(this.options.model ? { model: this.options.model } : {}),
          max_input_tokens: 3000,
          max_tokens: this.options.maxTokens ?? 300,
          temperature: 0,
          top_p: 1,
          presence_penalty: 0,
          frequency_penalty: 0,
          include_history: false,
          include_input: false,
          include_images: false,
        },
      },
    };
    const response = await this.model.completePrompt(
      context ?? ({} as TurnContext),
      scratchMemory(),
      NO_FUNCTIONS,
      this.tokenizer,
      template,
    );
    if (response.status !== "success") throw new Error(`model status ${response.status}`);
    return parseModelReply(response.message?.content) ?? { text: "", citedEntryId: "" };
  }
}

/** Language-model settings, read from the environment by the bot's config (never in the domain). */
export const PhraserConfig = z.union([
  z.object({
    kind: z.literal("azure"),
    apiKey: z.string().min(1),
    endpoint: z.string().url(),
    deployment: z.string().min(1),
    apiVersion: z.string().min(1).optional(),
  }),
  z.object({ kind: z.literal("openai"), apiKey: z.string().min(1), model: z.string().min(1) }),
]);
export type PhraserConfig = z.infer<typeof PhraserConfig>;

/**
 * Phraser settings from environment variables, or undefined when none are set (the FAQ then
 * answers from the knowledge base alone). Azure wins when both are present.
 * AZURE_OPENAI_API_KEY + AZURE_OPENAI_ENDPOINT + AZURE_OPENAI_DEPLOYMENT [+ AZURE_OPENAI_API_VERSION],
 * or OPENAI_API_KEY [+ OPENAI_MODEL, default gpt-4o-mini].
 */
export function phraserConfigFromEnv(env: Readonly<Record<string, string | undefined>>): PhraserConfig | undefined {
  if (env.AZURE_OPENAI_API_KEY || env.AZURE_OPENAI_ENDPOINT) {
    return PhraserConfig.parse({
      kind: "azure",
      apiKey: env.AZURE_OPENAI_API_KEY,
      endpoint: env.AZURE_OPENAI_ENDPOINT,
      deployment: env.AZURE_OPENAI_DEPLOYMENT,
      apiVersion: env.AZURE_OPENAI_API_VERSION || undefined,
    });
  }
  if (env.OPENAI_API_KEY) {
    return PhraserConfig.parse({ kind: "openai", apiKey: env.OPENAI_API_KEY, model: env.OPENAI_MODEL || "gpt-4o-mini" });
  }
  return undefined;
}

/** A phraser on teams-ai's OpenAIModel (OpenAI or Azure OpenAI). Makes no request until used. */
export function createModelPhraser(config: PhraserConfig): ModelPhraser {
  const common = { responseFormat: { type: "json_object" as const }, maxRetries: 1, useSystemMessages: true };
  const model =
    config.kind === "azure"
      ? new OpenAIModel({
          ...common,
          azureApiKey: config.apiKey,
          azureEndpoint: config.endpoint,
          azureDefaultDeployment: config.deployment,
          ...(config.apiVersion ? { azureApiVersion: config.apiVersion } : {}),
        })
      : new OpenAIModel({ ...common, apiKey: config.apiKey, defaultModel: config.model });
  return new ModelPhraser(model);
}

/** The configuration variables of the optional model (bot/config.ts). */
const MODEL_VARIABLES = [
  "OPENAI_API_KEY",
  "OPENAI_MODEL",
  "AZURE_OPENAI_API_KEY",
  "AZURE_OPENAI_ENDPOINT",
  "AZURE_OPENAI_DEPLOYMENT",
  "AZURE_OPENAI_API_VERSION",
] as const;

/** The FAQ's phraser for the bot's configuration, or undefined when no model is configured. */
export function phraserFromConfig(config: Pick<Config, (typeof MODEL_VARIABLES)[number]>): ModelPhraser | undefined {
  const env: Record<string, string | undefined> = {};
  for (const name of MODEL_VARIABLES) env[name] = config[name];
  const settings = phraserConfigFromEnv(env);
  return settings ? createModelPhraser(settings) : undefined;
}
