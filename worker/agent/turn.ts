/**
 * One agent turn: decide what no model may decide (topics to avoid, a frustrated visitor the
 * guidelines send to a person), find the reply language, the visitor's mood and the matching
 * script, retrieve knowledge, ask the model, and stream its text — checked by the output guard —
 * and its sources back.
 */
import type { ModelMessage, ToolSet } from "ai";
import type { LanguageModelV4 } from "@ai-sdk/provider";
import { database } from "../db/client";
import { getAgent, type Agent } from "../db/agents";
import type { HandoffReason } from "../db/schema";
import { retrieve, type Passage } from "../knowledge/retrieve";
import type { Source } from "../protocol/events";
import { soundsFrustrated } from "../handoff/frustration";
import { guidelinesOf, matchScript } from "../behaviour/guidelines";
import { replyLanguage } from "../behaviour/language";
import { matchAvoidedTopic, type AvoidedTopic } from "../behaviour/topics";
import { randomId } from "../lib/crypto";
import { OutputGuard } from "./output-guard";
import { assembleSystemPrompt } from "./prompt";
import { OFFLINE_PROVIDER } from "./offline/model";
import { selectModel } from "./select-model";
import { HANDOFF_PROMPT_TOOLS, handoffFromToolCall, handoffTools } from "../handoff/handoff-tool";
import { CRM_PROMPT_TOOLS, crmTools } from "./crm-tools";
import type { CrmSession } from "../crm/session";
import type { TokenBudget } from "../lifecycle/token-budget";
import { passageSources, toProtocolSource } from "./sources";
import type { ActionSession } from "../actions/session";
import { actionPromptTools, actionTools } from "../actions/tools";
import { TurnTrace } from "../lib/turn-trace";
import { streamModelSteps } from "./model-steps";

export type TurnMessage = { role: "user" | "assistant"; text: string };
export type TurnInput = {
  env: Env;
  agentId: string;
  history: TurnMessage[];
  abortSignal?: AbortSignal;
  /** The visitor's browser language (BCP 47), when the channel knows it. */
  browserLanguage?: string | null;
  /**
   * Passages retrieved, or being retrieved, for the last message (preview ranks and answers from one search; a
   * conversation starts it early).
   */
  passages?: Passage[] | Promise<Passage[]>;
  /** The agent's configuration when the caller has read it already (saves a database round trip). */
  agent?: Agent;
  /** The conversation's CRM access (live conversations only): adds the contact-property tools. */
  crm?: CrmSession;
  /** The model to ask instead of the configured one (tests record what a model receives). */
  model?: LanguageModelV4;
  /** The daily token budget (live conversations only): checked before the model call, charged with its usage. */
  budget?: TokenBudget;
  /** The agent's actions in this conversation or preview: generative models get them as tools. */
  actions?: ActionSession;
  /** Where the turn's time goes: retrieval, prompt, the model's first token, the output guard. */
  trace?: TurnTrace;
};
export type TurnHandoff = { reason: HandoffReason; detail: string | null };
export type TurnPart =
  | { type: "delta"; text: string }
  | { type: "source"; source: Source }
  /** A tool the model called (shown in preview). */
  | { type: "tool-call"; name: string; input: unknown }
  /** The guard replaced the answer streamed so far: `text` is the whole answer now. */
  | { type: "replace"; text: string }
  /** The end of the reply: how grounded it was (null when the model does not say) and whether it abstained. */
  | {
      type: "finish";
      grounding: number | null;
      abstained: boolean;
      language: string;
      avoidedTopic?: { topic: string; handling: AvoidedTopic["handling"] };
      /** The conversation should go to a person now, and why. */
      handoff?: TurnHandoff;
      /** What the model calls used, as the provider reports them; absent when no model was asked. */
      usage?: TurnUsage;
    };

/** A turn's model and the tokens its calls used (all steps together). */
export type TurnUsage = { model: string; inputTokens: number; outputTokens: number };

export const PASSAGES_PER_TURN = 4; // enough context for a short answer; more dilutes the prompt of small models
const MODEL_RETRIES = 1; // one retry on a transient provider error, then the visitor sees a turn error
const CANARY_BYTES = 12; // 96 random bits: never guessed, never in real text
const MAX_STEPS = 3; // a CRM tool call, its answer, and one more call at most
/** A chat answer's length; an agent may allow longer ones (`settings.maxOutputTokens`), never unbounded ones. */
export const DEFAULT_MAX_OUTPUT_TOKENS = 1_024;

/** Thrown when a turn is asked of an agent that does not exist. */
export class AgentNotFoundError extends Error {
  constructor(readonly agentId: string) {
    super(`Agent "${agentId}" does not exist`);
    this.name = "AgentNotFoundError";
  }
}

/** Streams the agent's reply to the last (visitor) message of `history`: text deltas and cited sources. */
export async function* runTurn(input: TurnInput): AsyncIterable<TurnPart> {
  const { env, agentId, history, abortSignal } = input;
  const trace = input.trace ?? new TurnTrace();
  const question = history.at(-1);
  if (question?.role !== "user") throw new Error("A turn needs the visitor's message as the last history item");

  const agent = input.agent ?? (await getAgent(database(env), agentId));
  if (!agent) throw new AgentNotFoundError(agentId);
  const guidelines = guidelinesOf(agent.settings);
  const language = replyLanguage(question.text, input.browserLanguage);
  // Topics to avoid are decided here, before any model sees the message.
  const topic = matchAvoidedTopic(question.text, guidelines.topicsToAvoid);
  if (topic) {
    if (topic.reply) yield { type: "delta", text: topic.reply };
    const handoff =
      topic.handling === "handoff" ? { handoff: { reason: "avoided_topic" as const, detail: topic.topic } } : {};
    yield {
      type: "finish",
      grounding: null,
      abstained: false,
      language,
      avoidedTopic: { topic: topic.topic, handling: topic.handling },
      ...handoff,
    };
    return;
  }
  const frustrated = soundsFrustrated(question.text);
  if (frustrated && guidelines.frustratedVisitors.handling === "handoff") {
    yield {
      type: "finish",
      grounding: null,
      abstained: false,
      language,
      handoff: { reason: "frustrated_visitor", detail: null },
    };
    return;
  }
  // The search runs while the budget is read; a turn that ends before the model drops it.
  const retrieval = Promise.resolve(input.passages ?? retrieve(env, agentId, question.text, PASSAGES_PER_TURN));
  retrieval.catch(() => {});
  // The budget is checked before any model is asked; once it is spent, a person takes the turn.
  if (input.budget && (await trace.wait("budget", () => input.budget!.exhausted()))) {
    yield {
      type: "finish",
      grounding: null,
      abstained: false,
      language,
      handoff: { reason: "budget_exhausted", detail: null },
    };
    return;
  }
  const passages = await trace.wait("retrieval", () => retrieval);
  const model = input.model ?? (await trace.wait("model_select", () => selectModel(env)));
  const promptStart = performance.now();
  // The offline model decides handoffs by rules; it calls only the CRM tools.
  const generative = model.provider !== OFFLINE_PROVIDER;
  const crm = input.crm?.properties.length ? input.crm : null;
  // The offline model starts actions by their trigger phrases before any turn (action-steps.ts); models call them as tools.
  const actions = generative && input.actions?.actions.length ? input.actions : null;
  const visitorText = history.flatMap((m) => (m.role === "user" ? [m.text] : [])).join("\n");
  const tools: ToolSet = {
    ...(generative ? handoffTools() : {}),
    ...(crm ? crmTools(crm) : {}),
    ...(actions ? actionTools(actions, visitorText) : {}),
  };
  const promptTools = [
    ...(generative ? HANDOFF_PROMPT_TOOLS : []),
    ...(crm ? CRM_PROMPT_TOOLS : []),
    ...(actions ? actionPromptTools(actions) : []),
  ];
  const canary = randomId("fdc", CANARY_BYTES);
  const script = matchScript(question.text, guidelines.scripts);
  const prompt = assembleSystemPrompt(agent, passages, {
    language,
    frustrated,
    script,
    canary,
    tools: promptTools,
    crm: crm?.properties ?? [],
  });
  const guard = new OutputGuard({
    canary,
    confidential: prompt.confidential,
    quotable: passages.map((p) => p.text).join("\n"),
    allowedImageHosts: agent.settings.allowedImageHosts ?? [],
    emoji: guidelines.responseStyle.emoji,
  });

  trace.add("prompt", performance.now() - promptStart);
  trace.mark("model_called");
  const steps = streamModelSteps({
    model,
    instructions: prompt.text,
    tools,
    maxSteps: MAX_STEPS,
    messages: history.map(toModelMessage),
    maxOutputTokens: agent.settings.maxOutputTokens ?? DEFAULT_MAX_OUTPUT_TOKENS,
    maxRetries: MODEL_RETRIES,
    ...(abortSignal ? { abortSignal } : {}),
  });

  const cited = new Set<string>();
  const sources: Source[] = [];
  let finish: Extract<TurnPart, { type: "finish" }> = { type: "finish", grounding: null, abstained: false, language };
  let wroteText = false;
  for await (const part of steps) {
    if (part.type === "text-delta") {
      trace.mark("first_token");
      wroteText ||= part.text.trim() !== "";
      const shown = trace.time("guard", () => guard.push(part.text));
      if (shown) yield { type: "delta", text: shown };
    } else if (part.type === "source" && !cited.has(part.id)) {
      cited.add(part.id);
      sources.push(toProtocolSource(part));
    } else if (part.type === "tool-call") {
      yield { type: "tool-call", name: part.toolName, input: part.input };
      const handoff = handoffFromToolCall(part.toolName, part.input);
      if (handoff) finish = { ...finish, handoff };
    } else if (part.type === "finish-step") {
      const verdict = part.providerMetadata?.frontdesk;
      finish = {
        ...finish,
        grounding: typeof verdict?.grounding === "number" ? verdict.grounding : null,
        abstained: verdict?.abstained === true,
      };
    } else if (part.type === "finish") {
      const { inputTokens, outputTokens } = part;
      finish = { ...finish, usage: { model: model.modelId, inputTokens, outputTokens } };
      await input.budget?.record(inputTokens + outputTokens);
    }
  }
  if (abortSignal?.aborted) return;
  const rest = guard.end();
  if (guard.refused) {
    yield { type: "replace", text: guard.text };
    yield { ...finish, grounding: null };
    return;
  }
  if (rest) yield { type: "delta", text: rest };
  // A generative model does not cite: an answer it wrote is credited to the passages its prompt quoted.
  if (generative && wroteText) sources.push(...passageSources(passages).filter((source) => !cited.has(source.id)));
  for (const source of sources) yield { type: "source", source };
  yield finish;
}

function toModelMessage(message: TurnMessage): ModelMessage {
  return message.role === "user"
    ? { role: "user", content: message.text }
    : { role: "assistant", content: message.text };
}
