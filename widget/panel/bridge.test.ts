/** The loader ↔ panel postMessage contract and the accent color checks shared by both bundles. */
import { describe, expect, it } from "vitest";
import {
  BRIDGE_CHANNEL,
  MAX_TOKEN_CHARS,
  hostTokenKey,
  panelTokenKey,
  readIdentity,
  readLoaderMessage,
  readPanelMessage,
} from "./bridge";
import { DARK_TEXT, LIGHT_TEXT, textOn, validAccent } from "./color";

describe("bridge messages", () => {
  it("accepts well-formed panel messages", () => {
    expect(readPanelMessage({ channel: BRIDGE_CHANNEL, type: "ready" })).toEqual({
      channel: BRIDGE_CHANNEL,
      type: "ready",
    });
    expect(readPanelMessage({ channel: BRIDGE_CHANNEL, type: "close", extra: 1 })).toEqual({
      channel: BRIDGE_CHANNEL,
      type: "close",
    });
    expect(readPanelMessage({ channel: BRIDGE_CHANNEL, type: "token", token: "v1.abc_DEF-123.sig" })).toMatchObject({
      token: "v1.abc_DEF-123.sig",
    });
  });

  it("rejects foreign, malformed and oversized messages", () => {
    for (const data of [
      null,
      "ready",
      42,
      { type: "ready" },
      { channel: "other", type: "ready" },
      { channel: BRIDGE_CHANNEL, type: "init", token: "x" },
    ]) {
      expect(readPanelMessage(data)).toBeNull();
    }
    for (const token of [42, "", "has space", "line\nbreak", "x".repeat(MAX_TOKEN_CHARS + 1), null]) {
      expect(readPanelMessage({ channel: BRIDGE_CHANNEL, type: "token", token })).toBeNull();
    }
  });

  it("accepts loader messages, with a null token for a first visit", () => {
    expect(readLoaderMessage({ channel: BRIDGE_CHANNEL, type: "init", token: null })).toEqual({
      channel: BRIDGE_CHANNEL,
      type: "init",
      token: null,
      identity: null,
    });
    expect(readLoaderMessage({ channel: BRIDGE_CHANNEL, type: "init", token: "abc" })).toMatchObject({ token: "abc" });
    expect(readLoaderMessage({ channel: BRIDGE_CHANNEL, type: "open" })).toEqual({
      channel: BRIDGE_CHANNEL,
      type: "open",
    });
    expect(readLoaderMessage({ channel: BRIDGE_CHANNEL, type: "init" })).toBeNull();
    expect(readLoaderMessage({ channel: BRIDGE_CHANNEL, type: "token", token: "abc" })).toBeNull();
  });

  it("passes a host identity on in init, and drops incomplete or oversized ones", () => {
    const identity = { email: "jane@example.com", hash: "ab12", userId: "42" };
    expect(readLoaderMessage({ channel: BRIDGE_CHANNEL, type: "init", token: null, identity })).toMatchObject({
      identity,
    });
    expect(readLoaderMessage({ channel: BRIDGE_CHANNEL, type: "init", token: null, identity: "jane" })).toMatchObject({
      identity: null,
    });
    expect(readIdentity({ jwt: "a.b.c", email: "jane@example.com" })).toEqual({ jwt: "a.b.c" });
    expect(readIdentity({ email: "jane@example.com", hash: "ab12" })).toEqual({
      email: "jane@example.com",
      hash: "ab12",
    });
    // data-identity-issued-at arrives as a string of unix seconds; anything else is left out.
    expect(readIdentity({ email: "jane@example.com", hash: "ab12", userId: "42", issuedAt: "1764806400" })).toEqual({
      email: "jane@example.com",
      hash: "ab12",
      userId: "42",
      issuedAt: 1_764_806_400,
    });
    expect(
      readLoaderMessage({
        channel: BRIDGE_CHANNEL,
        type: "init",
        token: null,
        identity: { email: "j@x.io", hash: "ab", issuedAt: 17 },
      }),
    ).toMatchObject({
      identity: { email: "j@x.io", hash: "ab", issuedAt: 17 },
    });
    for (const issuedAt of ["soon", "-5", "1.5", "", "1".repeat(12), undefined])
      expect(readIdentity({ email: "jane@example.com", hash: "ab12", issuedAt })).toEqual({
        email: "jane@example.com",
        hash: "ab12",
      });
    for (const bad of [
      { email: "jane@example.com" },
      { hash: "ab12" },
      { jwt: "" },
      { jwt: "x".repeat(4_097) },
      { email: "x".repeat(255), hash: "ab" },
      { email: 1, hash: 2 },
    ]) {
      expect(readIdentity(bad)).toBeNull();
    }
  });

  it("namespaces storage keys by agent, and the panel's own by host origin", () => {
    expect(hostTokenKey("demo")).toBe("frontdesk:demo:visitor");
    expect(panelTokenKey("demo", "https://shop.example")).not.toBe(panelTokenKey("demo", "https://evil.example"));
    expect(panelTokenKey("demo", null)).toBe("frontdesk:demo:direct:visitor");
  });
});

describe("accent color", () => {
  it("passes only hex colors", () => {
    expect(validAccent("#2563eb")).toBe("#2563eb");
    expect(validAccent("#FFF")).toBe("#FFF");
    for (const bad of ["red", "#12345", "#2563eb; background:url(x)", "url(javascript:1)", "var(--x)", 0x2563eb, null])
      expect(validAccent(bad)).toBeNull();
  });

  it("picks readable text", () => {
    expect(textOn("#ffeb3b")).toBe(DARK_TEXT);
    expect(textOn("#fff")).toBe(DARK_TEXT);
    expect(textOn("#1e3a8a")).toBe(LIGHT_TEXT);
    expect(textOn("#000")).toBe(LIGHT_TEXT);
  });
});
