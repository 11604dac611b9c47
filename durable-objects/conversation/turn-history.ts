/**
 * The conversation as the model sees it on a turn: the recent messages of the log — the visitor's,
 * the agent's and staff's, and the server's own lines about changes, actions and goals — oldest first.
 */
import type { TurnMessage } from "../../worker/agent/turn";
import type { LoggedEvent, SystemMessageKind } from "../../worker/protocol/events";
import type { EventLog } from "./event-log";
import { MESSAGE_TYPES } from "./recent-messages";

export const MAX_HISTORY_MESSAGES = 20; // the model sees the recent conversation, not all of it
/** The server's own lines a model should see as the business's side of the conversation. */
const SERVER_LINES: ReadonlySet<SystemMessageKind> = new Set([
  "change_confirm",
  "change_saved",
  "change_cancelled",
  "change_failed",
  "action_input",
  "action_input_invalid",
  "action_identity",
  "action_confirm",
  "action_cancelled",
  "action_result",
  "action_failed",
  "goal_question",
  "goal_meeting",
]);

/**
 * The model's view of the conversation up to `messageSeq`: its last MAX_HISTORY_MESSAGES messages, oldest
 * first. Each read asks for only as many events as messages are still wanted (most events of these
 * types are messages), so a turn parses about MAX_HISTORY_MESSAGES event bodies however long the log.
 */
export function historyUpTo(log: Pick<EventLog, "latestOfTypes">, messageSeq: number): TurnMessage[] {
  const newestFirst: TurnMessage[] = [];
  for (let before = messageSeq + 1; newestFirst.length < MAX_HISTORY_MESSAGES; ) {
    const wanted = MAX_HISTORY_MESSAGES - newestFirst.length;
    const page = log.latestOfTypes(MESSAGE_TYPES, before, wanted);
    for (const event of page) {
      const message = asHistoryMessage(event);
      if (message) newestFirst.push(message);
    }
    if (page.length < wanted) break;
    before = page[page.length - 1]!.seq;
  }
  return newestFirst.reverse();
}

function asHistoryMessage(event: LoggedEvent): TurnMessage | null {
  if (event.type === "visitor_message") return { role: "user", text: event.text };
  // What a person said is part of the business's side of the conversation when the agent takes over again.
  if (event.type === "assistant_complete" || event.type === "staff_message")
    return { role: "assistant", text: event.text };
  // So is what the server said about a change or an action the agent proposed, and its goal questions.
  if (event.type === "system_message" && SERVER_LINES.has(event.kind)) return { role: "assistant", text: event.text };
  return null;
}
