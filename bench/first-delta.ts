/**
 * Time from a visitor's message frame to the first streamed delta of the reply, measured from
 * Node over a real WebSocket to `wrangler dev` (clocks inside workerd are too coarse for this),
 * with the load generator's visitor: one conversation, one message after another.
 */
import { percentile } from "./load/generator.ts";
import { startConversation, Visitor } from "./load/visitor.ts";

export type LatencyFigures = { turns: number; medianMs: number; p95Ms: number; minMs: number; maxMs: number };

/** Sends `turns` questions one after another and times each until its first assistant_delta. */
export async function firstDeltaLatency(
  baseUrl: string,
  agentId: string,
  questions: string[],
  turns: number,
): Promise<LatencyFigures> {
  const visitor = new Visitor(baseUrl, await startConversation(baseUrl, agentId));
  await visitor.whenReady();
  const samples: number[] = [];
  try {
    for (let i = 0; i < turns; i++) {
      const turn = await visitor.send(questions[i % questions.length]!);
      if (turn.outcome !== "answered" || turn.firstDeltaMs === undefined)
        throw new Error(`turn ${i} was not answered: ${turn.outcome} ${turn.code ?? ""}`);
      samples.push(turn.firstDeltaMs);
    }
  } finally {
    visitor.close();
  }
  return {
    turns,
    medianMs: percentile(samples, 50),
    p95Ms: percentile(samples, 95),
    minMs: Math.min(...samples),
    maxMs: Math.max(...samples),
  };
}
