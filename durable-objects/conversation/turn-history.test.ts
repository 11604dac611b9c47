import { describe, expect, it } from "vitest";
import type { LoggedEvent } from "../../worker/protocol/events";
import { historyUpTo, MAX_HISTORY_MESSAGES } from "./turn-history";

/** A log over `events` (seq order) that counts the events each read hands back, as the SQLite log parses each one. */
function logOf(events: LoggedEvent[]) {
  const reads = { events: 0 };
  return {
    reads,
    latestOfTypes(types: LoggedEvent["type"][], beforeSeq: number, limit: number): LoggedEvent[] {
      const page = events
        .filter((event) => event.seq < beforeSeq && types.includes(event.type))
        .reverse()
        .slice(0, limit);
      reads.events += page.length;
      return page;
    },
  };
}

function conversation(exchanges: number, between?: (seq: number) => LoggedEvent | null): LoggedEvent[] {
  const events: LoggedEvent[] = [];
  const at = 0;
  for (let i = 0; i < exchanges; i++) {
    events.push({ type: "visitor_message", seq: events.length + 1, at, id: `m${i}`, text: `question ${i}` });
    const extra = between?.(events.length + 1);
    if (extra) events.push(extra);
    events.push({
      type: "assistant_complete",
      seq: events.length + 1,
      at,
      turnId: `t${i}`,
      text: `answer ${i}`,
      sources: [],
    });
  }
  return events;
}

describe("historyUpTo", () => {
  it("gives the model the last messages up to the one being answered, oldest first", () => {
    const events = conversation(100);
    const asked = events.findLast((event) => event.type === "visitor_message")!;
    const history = historyUpTo(logOf(events), asked.seq);
    expect(history).toHaveLength(MAX_HISTORY_MESSAGES);
    expect(history.at(-1)).toEqual({ role: "user", text: "question 99" });
    expect(history[0]).toEqual({ role: "assistant", text: "answer 89" });
    expect(history.filter((m) => m.role === "assistant").at(-1)).toEqual({ role: "assistant", text: "answer 98" });
  });

  it("reads only about as many events as it gives, however long the conversation", () => {
    const log = logOf(conversation(500));
    historyUpTo(log, 999);
    expect(log.reads.events).toBe(MAX_HISTORY_MESSAGES);
  });

  it("skips the server's lines the model does not see, and keeps the ones it does", () => {
    const events = conversation(40, (seq) =>
      seq % 4 === 0
        ? { type: "system_message", seq, at: 0, kind: "email_saved", text: "We will reply by email." }
        : { type: "system_message", seq, at: 0, kind: "action_result", text: `done ${seq}` },
    );
    const history = historyUpTo(logOf(events), events.length + 1);
    expect(history).toHaveLength(MAX_HISTORY_MESSAGES);
    expect(history.some((m) => m.text.startsWith("We will reply"))).toBe(false);
    expect(history.filter((m) => m.text.startsWith("done ")).length).toBeGreaterThan(0);
    expect(history.at(-1)).toEqual({ role: "assistant", text: "answer 39" });
  });

  it("gives a short conversation whole", () => {
    const events = conversation(3);
    expect(historyUpTo(logOf(events), 5).map((m) => m.text)).toEqual([
      "question 0",
      "answer 0",
      "question 1",
      "answer 1",
      "question 2",
    ]);
  });
});
