/** The loader's record of the visitor: which token to present for the page's current signed-in user, and signing out. */
import { describe, expect, it } from "vitest";
import { hostTokenKey, type HostIdentity } from "./panel/bridge";
import { forgetVisitor, hostUserKey, tokenFor, userFingerprint } from "./visitor-storage";

const AGENT = "demo";
const TOKEN = "v1.visitor.123.sig";

/** A Storage stand-in over a Map, as the host page's localStorage. */
function memoryStore(entries: Record<string, string> = {}) {
  const map = new Map(Object.entries(entries));
  return {
    map,
    getItem: (key: string) => map.get(key) ?? null,
    setItem: (key: string, value: string) => void map.set(key, value),
    removeItem: (key: string) => void map.delete(key),
  };
}

const hashed = (email: string, userId?: string, issuedAt = 1_800_000_000): HostIdentity => ({
  email,
  hash: `h${issuedAt}`,
  issuedAt,
  ...(userId ? { userId } : {}),
});
/** base64url of the JSON's UTF-8 bytes, as a JWT carries its header and claims. */
const base64url = (json: object) =>
  btoa(String.fromCharCode(...new TextEncoder().encode(JSON.stringify(json))))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
const jwt = (claims: object): HostIdentity => ({ jwt: `${base64url({ alg: "HS256" })}.${base64url(claims)}.sig` });

/** The store after a first chat started (the token kept) for `identity`. */
function startedFor(identity: HostIdentity | null) {
  const store = memoryStore();
  expect(tokenFor(store, AGENT, identity)).toBeNull();
  store.setItem(hostTokenKey(AGENT), TOKEN); // what the loader does when the panel reports the token
  return store;
}

describe("the visitor token for the page's current user", () => {
  it("is kept for the same user across page views, though issued-at and signature change", () => {
    const store = startedFor(hashed("jane@example.com", "42", 1_800_000_000));
    expect(tokenFor(store, AGENT, hashed("jane@example.com", "42", 1_800_000_900))).toBe(TOKEN);
    const byMail = startedFor(hashed("Jane@Example.com"));
    expect(tokenFor(byMail, AGENT, hashed("jane@example.com"))).toBe(TOKEN);
    const anonymous = startedFor(null);
    expect(tokenFor(anonymous, AGENT, null)).toBe(TOKEN);
  });

  it("is dropped when the page names another user: the next chat is a new visitor", () => {
    const store = startedFor(hashed("jane@example.com", "42"));
    expect(tokenFor(store, AGENT, hashed("bob@example.com", "43"))).toBeNull();
    expect(store.getItem(hostTokenKey(AGENT))).toBeNull();
  });

  it("is dropped when the page's user signed out (the identity is gone), and when one signs in", () => {
    const store = startedFor(hashed("jane@example.com", "42"));
    expect(tokenFor(store, AGENT, null)).toBeNull();
    store.setItem(hostTokenKey(AGENT), TOKEN);
    expect(tokenFor(store, AGENT, null)).toBe(TOKEN); // still nobody: the anonymous visitor stays
    expect(tokenFor(store, AGENT, hashed("jane@example.com", "42"))).toBeNull();
  });

  it("compares a JWT's subject (else its email), not the token, which changes with every page view", () => {
    const store = startedFor(jwt({ sub: "user-42", email: "jane@example.com", iat: 1 }));
    expect(tokenFor(store, AGENT, jwt({ sub: "user-42", email: "jane@example.com", iat: 2 }))).toBe(TOKEN);
    expect(tokenFor(store, AGENT, jwt({ sub: "user-43", email: "jane@example.com", iat: 3 }))).toBeNull();
    // Claims whose base64url uses "-" and "_" decode as well.
    const tricky = { email: "ü>?~@example.com", iat: 4 };
    expect(base64url(tricky)).toMatch(/[-_]/);
    expect(userFingerprint(jwt(tricky))).toBe(userFingerprint(jwt({ ...tricky, iat: 5 })));
    expect(userFingerprint(jwt(tricky))).not.toBe(userFingerprint(jwt({ email: "other@example.com" })));
  });

  it("drops a token kept before users were recorded when the page now names one", () => {
    const legacy = memoryStore({ [hostTokenKey(AGENT)]: TOKEN });
    expect(tokenFor(legacy, AGENT, null)).toBe(TOKEN);
    expect(tokenFor(legacy, AGENT, hashed("jane@example.com"))).toBeNull();
  });

  it("keeps a fingerprint of the user, never the address or the user id", () => {
    const store = startedFor(hashed("jane@example.com", "user-4242"));
    const kept = [...store.map.values()].join(" ");
    expect(kept).not.toContain("jane");
    expect(kept).not.toContain("4242");
    expect(store.getItem(hostUserKey(AGENT))).toBe(userFingerprint(hashed("x@example.com", "user-4242")));
  });

  it("is none without storage, or when storage refuses", () => {
    expect(tokenFor(null, AGENT, null)).toBeNull();
    const refusing = {
      ...memoryStore({ [hostTokenKey(AGENT)]: TOKEN }),
      setItem: () => {
        throw new Error("QuotaExceededError");
      },
    };
    expect(tokenFor(refusing, AGENT, hashed("jane@example.com"))).toBeNull();
  });
});

describe("Frontdesk.signOut()", () => {
  it("forgets the token and the user for this agent only", () => {
    const store = startedFor(hashed("jane@example.com", "42"));
    store.setItem(hostTokenKey("other"), "v1.other.1.sig");
    forgetVisitor(store, AGENT);
    expect(store.getItem(hostTokenKey(AGENT))).toBeNull();
    expect(store.getItem(hostUserKey(AGENT))).toBeNull();
    expect(store.getItem(hostTokenKey("other"))).toBe("v1.other.1.sig");
    expect(tokenFor(store, AGENT, hashed("jane@example.com", "42"))).toBeNull();
    forgetVisitor(null, AGENT); // nothing kept: nothing to do
  });
});
