/** Every part of one agent turn answering `question` alone, as `runTurn` yields them. */
import { runTurn, type TurnPart } from "../../../worker/agent/turn";

export async function turnParts(turnEnv: Env, agentId: string, question: string): Promise<TurnPart[]> {
  const parts: TurnPart[] = [];
  for await (const part of runTurn({ env: turnEnv, agentId, history: [{ role: "user", text: question }] }))
    parts.push(part);
  return parts;
}
