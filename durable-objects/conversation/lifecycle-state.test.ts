/** The lifecycle store keeps the parsed state between reads: every write replaces it, and a new store (an erase) reads again. */
import { env, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { initialLifecycle, LifecycleStore } from "./lifecycle-state";
import { ensureConversationTables } from "./tables";

const freshObject = () => env.CONVERSATIONS.get(env.CONVERSATIONS.idFromName(`lifecycle-state-${crypto.randomUUID()}`));

describe("LifecycleStore", () => {
  it("reads what was written last, whichever store of the object wrote it, and hands out frozen states", async () => {
    await runInDurableObject(freshObject(), (_instance, state) => {
      const store = new LifecycleStore(state.storage.sql);
      store.set(initialLifecycle(1_000, true, 30));
      expect(store.get().abstentions).toBe(0);
      store.update({ abstentions: 2, email: "requested" });
      expect(store.get()).toMatchObject({ abstentions: 2, email: "requested", lastActivityAt: 1_000 });
      expect(Object.isFrozen(store.get())).toBe(true);
      // What is kept is what SQLite holds: a second store reads the same value.
      const stored = state.storage.sql.exec<{ value: string }>("SELECT value FROM lifecycle WHERE key = 'lifecycle'");
      expect(JSON.parse(stored.one().value)).toEqual(store.get());
      const caller = initialLifecycle(2_000, false, null);
      store.set(caller);
      caller.abstentions = 9; // the caller's object stays theirs: changing it changes nothing stored
      expect(store.get().abstentions).toBe(0);
    });
  });

  it("forgets the kept state when the storage is erased and a new store is made, and then finds no row", async () => {
    await runInDurableObject(freshObject(), async (_instance, state) => {
      const store = new LifecycleStore(state.storage.sql);
      store.set(initialLifecycle(1_000, true, 30));
      expect(store.has()).toBe(true);
      await state.storage.deleteAll();
      ensureConversationTables(state.storage); // what erase.ts does after deleteAll
      new LifecycleStore(state.storage.sql);
      expect(() => store.get()).toThrow(/before the conversation started/);
      store.set(initialLifecycle(3_000, true, null));
      expect(store.has()).toBe(true); // kept: only an erase removes the row, and it makes a new store
      state.storage.sql.exec("DELETE FROM lifecycle WHERE key = 'lifecycle'");
      new LifecycleStore(state.storage.sql);
      expect(store.has()).toBe(false);
      expect(() => store.get()).toThrow(/before the conversation started/);
    });
  });
});
