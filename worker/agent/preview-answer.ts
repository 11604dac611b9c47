/**
 * One answer with its evidence, as preview and batch tests show it: the documents as ranked,
 * the answer, its cited sources, grounding and whether it abstained. Never touches a
 * conversation, records no knowledge gap and spends no credits.
 */
import type { Agent } from "../db/agents";
import { retrieveRanked } from "../knowledge/retrieve";
import type { Source } from "../protocol/events";
import { PASSAGES_PER_TURN, runTurn, type TurnMessage } from "./turn";

const RANKED_DOCUMENTS = 5; // what the eval's Recall@5 looks at

export type RankedDocument = { sourceRef: string; name: string; title: string; url: string | null; score: number; citable: boolean };
export type PreviewAnswer = {
  answer: string;
  sources: Source[];
  ranked: RankedDocument[];
  grounding: number | null;
  abstained: boolean;
  /** A topic to avoid the message is about, and how it was handled. */
  avoidedTopic: { topic: string; handling: string } | null;
};

export async function previewAnswer(env: Env, agent: Agent, message: string, history: TurnMessage[] = []): Promise<PreviewAnswer> {
  const { passages, ranked } = await retrieveRanked(env, agent.id, message, RANKED_DOCUMENTS);
  let answer = "";
  const sources: Source[] = [];
  let grounding: number | null = null;
  let abstained = false;
  let avoidedTopic: PreviewAnswer["avoidedTopic"] = null;
  const turn = { env, agentId: agent.id, agent, history: [...history, { role: "user" as const, text: message }], passages: passages.slice(0, PASSAGES_PER_TURN) };
  for await (const part of runTurn(turn)) {
    if (part.type === "delta") answer += part.text;
    else if (part.type === "source") sources.push(part.source);
    else ({ grounding, abstained, avoidedTopic = null } = part);
  }
  return {
    answer,
    sources,
    ranked: ranked.map((p) => ({ sourceRef: p.sourceRef, name: p.name, title: p.title, url: p.url ?? null, score: p.score, citable: p.citable })),
    grounding,
    abstained,
    avoidedTopic,
  };
}
