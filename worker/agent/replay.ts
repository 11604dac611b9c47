/**
 * Replay: the visitor messages of past conversations asked again against the draft
 * configuration, each compared with what happened then — the answer, its sources and whether
 * the conversation was handed to a person at that point. Nothing is written anywhere.
 */
import type { Agent } from "../db/agents";
import { handoffSettings } from "../handoff/settings";
import { asksForPerson, matchTriggerPhrase } from "../handoff/person-request";
import type { LoggedEvent } from "../protocol/events";
import { previewAnswer } from "./preview-answer";
import type { TurnMessage } from "./turn";

const MAX_HISTORY = 20; // the window a conversation gives the model

export type TurnOutcome = { answer: string; sources: string[]; handoff: boolean };
export type ReplayedTurn = {
  message: string;
  before: TurnOutcome;
  after: TurnOutcome;
  changed: { answer: boolean; sources: boolean; handoff: boolean };
};
export type ReplayedConversation = { id: string; turns: ReplayedTurn[]; changed: boolean };

type RecordedTurn = { message: string; outcome: TurnOutcome };

/** Each visitor message of a conversation's log with what followed it: the reply and whether a handoff began. */
export function recordedTurns(events: LoggedEvent[]): RecordedTurn[] {
  const turns: RecordedTurn[] = [];
  for (const event of events) {
    const current = turns.at(-1);
    if (event.type === "visitor_message")
      turns.push({ message: event.text, outcome: { answer: "", sources: [], handoff: false } });
    else if (!current) continue;
    else if (event.type === "assistant_complete" && !current.outcome.answer)
      current.outcome = { ...current.outcome, answer: event.text, sources: event.sources.map((s) => s.id) };
    else if (event.type === "status" && event.status === "waiting_for_human") current.outcome.handoff = true;
  }
  return turns;
}

const sameSources = (a: string[], b: string[]) => a.length === b.length && a.every((id, i) => id === b[i]);

/** Asks a conversation's visitor messages again with `agent` (the draft) and reports what changed. */
export async function replayConversation(
  env: Env,
  agent: Agent,
  id: string,
  events: LoggedEvent[],
): Promise<ReplayedConversation> {
  const rules = handoffSettings(agent.settings);
  const history: TurnMessage[] = [];
  const turns: ReplayedTurn[] = [];
  let abstentions = 0;
  let handedOff = false;
  for (const recorded of recordedTurns(events)) {
    const result = await previewAnswer(env, agent, recorded.message, { history: history.slice(-MAX_HISTORY) });
    abstentions += result.abstained ? 1 : 0;
    const wouldHandOff: boolean =
      !handedOff &&
      (asksForPerson(recorded.message) ||
        matchTriggerPhrase(recorded.message, rules.triggerPhrases) !== null ||
        (rules.afterAbstentions > 0 && result.abstained && abstentions >= rules.afterAbstentions));
    handedOff ||= wouldHandOff;
    const after: TurnOutcome = {
      answer: result.answer,
      sources: result.sources.map((s) => s.id),
      handoff: wouldHandOff,
    };
    const before = recorded.outcome;
    turns.push({
      message: recorded.message,
      before,
      after,
      changed: {
        answer: before.answer !== after.answer,
        sources: !sameSources(before.sources, after.sources),
        handoff: before.handoff !== after.handoff,
      },
    });
    history.push({ role: "user", text: recorded.message }, { role: "assistant", text: result.answer });
  }
  return { id, turns, changed: turns.some((t) => t.changed.answer || t.changed.sources || t.changed.handoff) };
}
