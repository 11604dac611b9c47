/** The loader's bridge (widget-bridge.js): what the host page answers to each message from its panel. */
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { Bridge } from "./loader-bridge";
import { BRIDGE_CHANNEL, BRIDGE_PROPERTY, hostTokenKey } from "./panel/bridge";
import { hostUserKey, userFingerprint } from "./visitor-storage";

const AGENT = "demo";
const TOKEN = "v1.visitor.123.sig";
const ownScript: Record<string, unknown> = {}; // the bridge's own <script> element, as the loader created it
let answerPanel: Bridge;

beforeAll(async () => {
  vi.stubGlobal("document", { currentScript: ownScript }); // the module hands itself over when it runs
  ({ answerPanel } = await import("./loader-bridge"));
  vi.unstubAllGlobals();
});

/** A Storage stand-in over a Map, as the host page's localStorage. */
function memoryStore(entries: Record<string, string> = {}): Storage & { map: Map<string, string> } {
  const map = new Map(Object.entries(entries));
  return {
    map,
    length: 0,
    clear: () => map.clear(),
    key: () => null,
    getItem: (key: string) => map.get(key) ?? null,
    setItem: (key: string, value: string) => void map.set(key, value),
    removeItem: (key: string) => void map.delete(key),
  };
}

/** The loader's script tag with these `data-*` attributes (only `dataset` is read). */
const tag = (dataset: Record<string, string> = {}): HTMLScriptElement => ({ dataset }) as unknown as HTMLScriptElement;
const ready = { channel: BRIDGE_CHANNEL, type: "ready" };

describe("the loader's bridge", () => {
  it("hands itself to the loader on its own script element, adding no global", () => {
    expect(ownScript[BRIDGE_PROPERTY]).toBe(answerPanel);
  });

  it("answers `ready` with the kept token and the identity the tag names now", () => {
    const alice = { email: "alice@acme.example", hash: "h1", userId: "42" };
    const store = memoryStore({
      [hostTokenKey(AGENT)]: TOKEN,
      [hostUserKey(AGENT)]: userFingerprint(alice),
    });
    const script = tag({ identityEmail: alice.email, identityHash: alice.hash, identityUserId: "42" });
    expect(answerPanel(ready, AGENT, script, store)).toEqual({
      channel: BRIDGE_CHANNEL,
      type: "init",
      token: TOKEN,
      identity: alice,
    });
    // Another user signed in since: the kept token is dropped and the panel starts a new visitor.
    script.dataset.identityUserId = "43";
    expect(answerPanel(ready, AGENT, script, store)).toMatchObject({ token: null, identity: { userId: "43" } });
    expect(store.map.has(hostTokenKey(AGENT))).toBe(false);
  });

  it("answers `ready` with no token and no identity when storage is refused and the tag names nobody", () => {
    expect(answerPanel(ready, AGENT, tag(), null)).toEqual({
      channel: BRIDGE_CHANNEL,
      type: "init",
      token: null,
      identity: null,
    });
  });

  it("keeps a renewed token in the host's storage, and survives storage that refuses it", () => {
    const store = memoryStore();
    expect(answerPanel({ channel: BRIDGE_CHANNEL, type: "token", token: TOKEN }, AGENT, tag(), store)).toBeNull();
    expect(store.getItem(hostTokenKey(AGENT))).toBe(TOKEN);
    const full = {
      ...memoryStore(),
      setItem: () => {
        throw new Error("QuotaExceededError");
      },
    };
    expect(answerPanel({ channel: BRIDGE_CHANNEL, type: "token", token: TOKEN }, AGENT, tag(), full)).toBeNull();
  });

  it("closes on `close`, and ignores anything that is not a well-formed panel message", () => {
    expect(answerPanel({ channel: BRIDGE_CHANNEL, type: "close" }, AGENT, tag(), null)).toBe("close");
    const store = memoryStore();
    for (const data of [
      null,
      "ready",
      { type: "ready" },
      { channel: "other", type: "close" },
      { channel: BRIDGE_CHANNEL, type: "token", token: "has spaces" },
      { channel: BRIDGE_CHANNEL, type: "token", token: "x".repeat(3_000) },
      { channel: BRIDGE_CHANNEL, type: "init", token: TOKEN },
    ])
      expect(answerPanel(data, AGENT, tag(), store), JSON.stringify(data)).toBeNull();
    expect(store.map.size).toBe(0);
  });
});
