/** One agent turn: retrieve knowledge, ask the model, stream text and sources back. */
import type { Source } from "../protocol/events";

export type TurnMessage = { role: "user" | "assistant"; text: string };
export type TurnInput = { env: Env; agentId: string; history: TurnMessage[]; abortSignal?: AbortSignal };
export type TurnPart = { type: "delta"; text: string } | { type: "source"; source: Source };

export async function* runTurn(input: TurnInput): AsyncIterable<TurnPart> {
  const last = input.history.at(-1)?.text ?? "";
  for (const word of `You said: ${last}`.split(/(?<= )/)) yield { type: "delta", text: word };
}
