/** The panel's conversation reducer: dedupe by seq, streaming per turn, the outbox and its resends. */
import { describe, expect, it } from "vitest";
import type { ServerEvent } from "../../worker/protocol/events";
import { readServerEvent } from "./server-event";
import { agentBusy, chatReducer, initialChat, unsent, type Action, type ChatState } from "./conversation";

const AT = 1_700_000_000_000;
const run = (actions: Action[], state: ChatState = initialChat): ChatState => actions.reduce(chatReducer, state);
const ev = (event: ServerEvent): Action => ({ type: "event", event });
const ready = (lastSeq = 0): Action => ev({ type: "ready", lastSeq });
const visitor = (seq: number, id: string, text: string): Action =>
  ev({ type: "visitor_message", seq, at: AT, id, text });
const delta = (seq: number, turnId: string, text: string): Action =>
  ev({ type: "assistant_delta", seq, at: AT, turnId, text });
const complete = (
  seq: number,
  turnId: string,
  text: string,
  sources = [{ id: "s1", title: "Shipping", url: "https://e.x/shipping" }],
): Action => ev({ type: "assistant_complete", seq, at: AT, turnId, text, sources });
const texts = (state: ChatState): string[] => state.items.map((item) => `${item.kind}:${item.text}`);

describe("conversation reducer", () => {
  it("shows the server's change question, and a system line of a kind it does not know, from raw frames", () => {
    const frames = [
      {
        type: "system_message",
        seq: 1,
        at: AT,
        kind: "change_confirm",
        text: 'Change billing address to "2 New Road"? Reply yes or no.',
      },
      { type: "system_message", seq: 2, at: AT, kind: "some_future_kind", text: "A line from a newer server." },
    ];
    const actions = frames.map((frame): Action => {
      const event = readServerEvent(JSON.stringify(frame));
      if (!event) throw new Error(`refused: ${JSON.stringify(frame)}`);
      return ev(event);
    });
    expect(texts(run([ready(), ...actions]))).toEqual([
      'system:Change billing address to "2 New Road"? Reply yes or no.',
      "system:A line from a newer server.",
    ]);
  });

  it("shows 'Verified as …' when the visitor is verified, and an erased conversation as closed with nothing left to send", () => {
    const verified = run([
      ready(),
      visitor(1, "m1", "Hi"),
      ev({ type: "verified", seq: 2, at: AT, email: "ada@example.com" }),
    ]);
    expect(texts(verified)).toEqual(["visitor:Hi", "system:Verified as ada@example.com"]);
    const queued = run([{ type: "queue", id: "m2", text: "Still there?" }], verified);
    const gone = run([{ type: "gone" }], queued);
    expect(gone.status).toBe("closed");
    expect(unsent({ ...gone, link: "ready" })).toEqual([]);
  });

  it("marks an answer with the visitor's latest vote, keeps it when the answer is completed again, and takes the rating", () => {
    const vote = (seq: number, value: "up" | "down"): Action =>
      ev({ type: "feedback", seq, at: AT, turnId: "t1", value });
    const state = run([ready(), complete(1, "t1", "Yes."), vote(2, "up"), vote(3, "down")]);
    expect(state.items[0]).toMatchObject({ kind: "assistant", vote: "down" });
    expect(run([vote(4, "up")], state).items[0]).toMatchObject({ vote: "up" });
    expect(run([ev({ type: "rating", seq: 4, at: AT, value: 4 })], state).rating).toBe(4);
    // A vote for an answer this panel never saw changes nothing but the seq.
    expect(run([ev({ type: "feedback", seq: 4, at: AT, turnId: "t9", value: "up" })], state).items).toEqual(
      state.items,
    );
  });

  it("does not blame a message in flight for a refused vote or rating", () => {
    const state = run([ready(), { type: "queue", id: "m1", text: "hi" }, { type: "sent", ids: ["m1"] }]);
    for (const code of ["vote_refused", "rating_refused"] as const) {
      const after = run([ev({ type: "error", code, message: "no" })], state);
      expect(after.outbox[0]?.failed).toBeNull();
      expect(after.notice).toBeNull();
    }
  });

  it("accumulates deltas per turn and replaces them with the final text", () => {
    const state = run([ready(), visitor(1, "m1", "Hi"), delta(2, "t1", "Hel"), delta(3, "t1", "lo")]);
    expect(texts(state)).toEqual(["visitor:Hi", "assistant:Hello"]);
    expect(agentBusy(state)).toBe(true);
    const done = run([complete(4, "t1", "Hello **there**")], state);
    expect(done.items[1]).toMatchObject({
      kind: "assistant",
      text: "Hello **there**",
      done: true,
      sources: [{ id: "s1" }],
    });
    expect(done.lastSeq).toBe(4);
    expect(agentBusy(done)).toBe(false);
  });

  it("ignores events it has already seen, so a replay after reconnect adds nothing", () => {
    const log = [visitor(1, "m1", "Hi"), delta(2, "t1", "Hel"), delta(3, "t1", "lo"), complete(4, "t1", "Hello")];
    const once = run([ready(), ...log]);
    const twice = run([{ type: "disconnected" }, ...log, ready(4)], once);
    expect(texts(twice)).toEqual(["visitor:Hi", "assistant:Hello"]);
    expect(twice.items).toHaveLength(2);
  });

  it("ignores late deltas for a completed turn", () => {
    const state = run([ready(), complete(1, "t1", "Final"), delta(2, "t1", " extra")]);
    expect(texts(state)).toEqual(["assistant:Final"]);
  });

  it("shows a queued message once, however the server confirms it", () => {
    let state = run([ready(), { type: "queue", id: "m1", text: "Hello" }]);
    expect(unsent(state).map((p) => p.id)).toEqual(["m1"]);
    state = run([{ type: "sent", ids: ["m1"] }], state);
    expect(unsent(state)).toEqual([]);
    state = run([ev({ type: "ack", id: "m1", seq: 1, duplicate: false })], state);
    expect(state.outbox).toEqual([]);
    expect(texts(state)).toEqual(["visitor:Hello"]);
    expect(state.lastSeq).toBe(0); // an ack does not mean earlier events arrived
    state = run([visitor(1, "m1", "Hello")], state);
    expect(texts(state)).toEqual(["visitor:Hello"]);
    expect(state.lastSeq).toBe(1);
  });

  it("drops the outbox copy when the echo arrives before the ack", () => {
    const state = run([
      ready(),
      { type: "queue", id: "m1", text: "Hi" },
      { type: "sent", ids: ["m1"] },
      visitor(1, "m1", "Hi"),
      ev({ type: "ack", id: "m1", seq: 1, duplicate: false }),
    ]);
    expect(state.outbox).toEqual([]);
    expect(texts(state)).toEqual(["visitor:Hi"]);
  });

  it("holds messages until ready and resends in-flight ones after a reconnect", () => {
    let state = run([{ type: "queue", id: "m1", text: "Hi" }]);
    expect(unsent(state)).toEqual([]); // not before the replay is complete
    state = run([ready(), { type: "sent", ids: ["m1"] }, { type: "disconnected" }], state);
    expect(state.link).toBe("reconnecting");
    expect(unsent(state)).toEqual([]);
    state = run([ready()], state);
    expect(unsent(state).map((p) => p.id)).toEqual(["m1"]);
  });

  it("attributes a refusal to the oldest message in flight, politely", () => {
    const state = run([
      ready(),
      { type: "queue", id: "m1", text: "x".repeat(10) },
      { type: "queue", id: "m2", text: "ok" },
      { type: "sent", ids: ["m1", "m2"] },
      ev({ type: "error", code: "message_too_long", message: "Messages are limited to 4000 characters" }),
    ]);
    expect(state.outbox.find((p) => p.id === "m1")?.failed).toMatch(/too long/);
    expect(state.outbox.find((p) => p.id === "m2")?.failed).toBeNull();
    expect(unsent(state)).toEqual([]); // a refused message is not resent
  });

  it("shows a refusal unrelated to any message as a notice", () => {
    const state = run([ready(), ev({ type: "error", code: "invalid_frame", message: "bad" })]);
    expect(state.notice).toMatch(/something went wrong/i);
  });

  it("ends a failed turn with a polite notice", () => {
    const state = run([
      ready(),
      visitor(1, "m1", "Hi"),
      delta(2, "t1", "Hel"),
      ev({ type: "turn_error", seq: 3, at: AT, turnId: "t1", code: "model_failed", message: "upstream 500" }),
    ]);
    expect(state.items[1]).toMatchObject({ kind: "assistant", done: true });
    expect(state.items[2]).toMatchObject({ kind: "notice" });
    expect(state.items[2]?.text).not.toContain("upstream");
    expect(agentBusy(state)).toBe(false);
  });

  it("tracks the conversation status", () => {
    const state = run([
      ready(),
      ev({ type: "status", seq: 1, at: AT, status: "human", poweredByAi: false }),
      visitor(2, "m1", "Hi"),
    ]);
    expect(state.status).toBe("human");
    expect(agentBusy(state)).toBe(false); // a person answers: no AI typing hint
  });

  it("keeps items in seq order when an ack lands before earlier events", () => {
    const state = run([
      ready(),
      { type: "queue", id: "m2", text: "second" },
      { type: "sent", ids: ["m2"] },
      ev({ type: "ack", id: "m2", seq: 3, duplicate: false }),
      visitor(1, "m1", "first"),
      complete(2, "t1", "answer"),
    ]);
    expect(texts(state)).toEqual(["visitor:first", "assistant:answer", "visitor:second"]);
  });

  it("shows a person's replies with their name and hides the AI disclosure while they handle it", () => {
    const state = run([
      ready(),
      ev({ type: "status", seq: 1, at: AT, status: "bot", poweredByAi: true }),
      visitor(2, "m1", "Can I talk to a human?"),
      ev({ type: "status", seq: 3, at: AT, status: "waiting_for_human", poweredByAi: false }),
      ev({ type: "system_message", seq: 4, at: AT, kind: "handoff", text: "A person will join shortly." }),
      ev({ type: "status", seq: 5, at: AT, status: "human", poweredByAi: false, staff: { id: "s_1", name: "Ada" } }),
      ev({ type: "staff_message", seq: 6, at: AT, id: "x1", text: "Hi, Ada here", staff: { id: "s_1", name: "Ada" } }),
    ]);
    expect(texts(state)).toEqual([
      "visitor:Can I talk to a human?",
      "system:A person will join shortly.",
      "staff:Hi, Ada here",
    ]);
    expect(state.items[2]).toMatchObject({ kind: "staff", name: "Ada" });
    expect(state.poweredByAi).toBe(false);
    expect(state.staffName).toBe("Ada");
  });

  it("keeps the typing hint while the agent keeps answering during a wait, not otherwise", () => {
    const waitingWithAgent = run([
      ready(),
      ev({ type: "status", seq: 1, at: AT, status: "waiting_for_human", poweredByAi: true }),
      visitor(2, "m1", "Hi"),
    ]);
    expect(agentBusy(waitingWithAgent)).toBe(true);
    const waitingForPerson = run([
      ready(),
      ev({ type: "status", seq: 1, at: AT, status: "waiting_for_human", poweredByAi: false }),
      visitor(2, "m1", "Hi"),
    ]);
    expect(agentBusy(waitingForPerson)).toBe(false);
  });

  it("starts over for a new conversation", () => {
    const closed = run([
      ready(),
      visitor(1, "m1", "Hi"),
      ev({ type: "status", seq: 2, at: AT, status: "closed", poweredByAi: false, outcome: "abandoned" }),
    ]);
    expect(closed.status).toBe("closed");
    expect(run([{ type: "reset" }], closed)).toEqual(initialChat);
  });
});
