/** One agent turn: retrieve knowledge, ask the model, stream text and sources back. */
import type { ModelMessage } from "ai";
import { streamText } from "ai";
import { database } from "../db/client";
import { getAgent, type Agent } from "../db/agents";
import { retrieve, type Passage } from "../knowledge/retrieve";
import type { Source } from "../protocol/events";
import { avoidedTopics, matchAvoidedTopic, type AvoidedTopic } from "../behaviour/topics";
import { buildSystemPrompt } from "./prompt";
import { selectModel } from "./select-model";
import { toProtocolSource } from "./sources";

export type TurnMessage = { role: "user" | "assistant"; text: string };
export type TurnInput = {
  env: Env;
  agentId: string;
  history: TurnMessage[];
  abortSignal?: AbortSignal;
  /** Passages already retrieved for the last message (preview retrieves once for both ranking and answer). */
  passages?: Passage[];
  /** The agent's configuration when the caller has read it already (saves a database round trip). */
  agent?: Agent;
};
export type TurnPart =
  | { type: "delta"; text: string }
  | { type: "source"; source: Source }
  /** The end of the reply: how grounded it was (null when the model does not say) and whether it abstained. */
  | { type: "finish"; grounding: number | null; abstained: boolean; avoidedTopic?: { topic: string; handling: AvoidedTopic["handling"] } };

export const PASSAGES_PER_TURN = 4; // enough context for a short answer; more dilutes the prompt of small models
const MODEL_RETRIES = 1; // one retry on a transient provider error, then the visitor sees a turn error

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
  const question = history.at(-1);
  if (question?.role !== "user") throw new Error("A turn needs the visitor's message as the last history item");

  const agent = input.agent ?? (await getAgent(database(env), agentId));
  if (!agent) throw new AgentNotFoundError(agentId);
  // Topics to avoid are decided here, before any model sees the message.
  const topic = matchAvoidedTopic(question.text, avoidedTopics(agent.settings));
  if (topic) {
    if (topic.reply) yield { type: "delta", text: topic.reply };
    yield { type: "finish", grounding: null, abstained: false, avoidedTopic: { topic: topic.topic, handling: topic.handling } };
    return;
  }
  const passages = input.passages ?? (await retrieve(env, agentId, question.text, PASSAGES_PER_TURN));

  const result = streamText({
    model: await selectModel(env),
    instructions: buildSystemPrompt(agent, passages),
    messages: history.map(toModelMessage),
    maxRetries: MODEL_RETRIES,
    onError: () => {}, // the error part is rethrown below and logged once, by the caller
    ...(abortSignal ? { abortSignal } : {}),
  });

  const cited = new Set<string>();
  for await (const part of result.stream) {
    if (part.type === "text-delta" && part.text) yield { type: "delta", text: part.text };
    else if (part.type === "source" && !cited.has(part.id)) {
      cited.add(part.id);
      yield { type: "source", source: toProtocolSource(part) };
    } else if (part.type === "finish-step") {
      const verdict = part.providerMetadata?.frontdesk;
      yield {
        type: "finish",
        grounding: typeof verdict?.grounding === "number" ? verdict.grounding : null,
        abstained: verdict?.abstained === true,
      };
    } else if (part.type === "error") throw part.error;
    else if (part.type === "abort") return;
  }
}

function toModelMessage(message: TurnMessage): ModelMessage {
  return message.role === "user" ? { role: "user", content: message.text } : { role: "assistant", content: message.text };
}
