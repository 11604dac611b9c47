/** The "no inbox open" hint: a conversation's row writes ask the hub shard once per UNWATCHED_HINT_MS while nobody watches. */
import { describe, expect, it } from "vitest";
import { UNWATCHED_HINT_MS } from "../protocol/inbox-events";
import { notifyInbox } from "./notify";
import { forgetUnwatched, knownUnwatched, noteUnwatched } from "./unwatched";

/** An INBOX binding whose shards answer `inboxOpen` with `open()` and count the questions per shard name. */
function fakeInbox(open: () => boolean) {
  const asked = new Map<string, number>();
  const namespace = {
    idFromName: (name: string) => ({ name }),
    get: ({ name }: { name: string }) => ({
      inboxOpen: async () => {
        asked.set(name, (asked.get(name) ?? 0) + 1);
        return open();
      },
      conversationChanged: async () => true,
    }),
  };
  return { env: { INBOX: namespace, DB: {} } as unknown as Pick<Env, "DB" | "INBOX">, asked };
}

describe("knownUnwatched", () => {
  it("keeps a shard's no for UNWATCHED_HINT_MS, per agent", () => {
    noteUnwatched("hint-a", 1_000);
    expect(knownUnwatched("hint-a", 1_000)).toBe(true);
    expect(knownUnwatched("hint-a", 1_000 + UNWATCHED_HINT_MS - 1)).toBe(true);
    expect(knownUnwatched("hint-b", 1_000)).toBe(false);
    expect(knownUnwatched("hint-a", 1_000 + UNWATCHED_HINT_MS)).toBe(false);
    expect(knownUnwatched("hint-a", 1_000)).toBe(false); // gone once it ran out
  });

  it("is dropped when an inbox of the agent opens, and never trusted from a clock that went back", () => {
    noteUnwatched("hint-c", 5_000);
    forgetUnwatched("hint-c");
    expect(knownUnwatched("hint-c", 5_000)).toBe(false);
    noteUnwatched("hint-d", 5_000);
    expect(knownUnwatched("hint-d", 4_999)).toBe(false);
  });
});

describe("notifyInbox", () => {
  it("asks an agent's shard once while no inbox is open, and again once one may have opened", async () => {
    const { env, asked } = fakeInbox(() => false);
    for (let i = 0; i < 5; i++) await notifyInbox(env, `c-${i}`, "notify-quiet");
    expect(asked.get("agent:notify-quiet")).toBe(1);
    forgetUnwatched("notify-quiet"); // an inbox opened through this isolate
    await notifyInbox(env, "c-5", "notify-quiet");
    expect(asked.get("agent:notify-quiet")).toBe(2);
  });

  it("asks every time while an inbox is open", async () => {
    let open = true;
    const { env, asked } = fakeInbox(() => open);
    // With an inbox open the summary is read next; this fake database fails it, which notifyInbox logs and swallows.
    const errors = console.error;
    console.error = () => {};
    try {
      for (let i = 0; i < 3; i++) await notifyInbox(env, `c-${i}`, "notify-watched");
    } finally {
      console.error = errors;
    }
    expect(asked.get("agent:notify-watched")).toBe(3);
    open = false;
    await notifyInbox(env, "c-3", "notify-watched");
    await notifyInbox(env, "c-4", "notify-watched");
    expect(asked.get("agent:notify-watched")).toBe(4);
  });
});
