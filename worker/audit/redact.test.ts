import { describe, expect, it } from "vitest";
import { changedNames, countsOf, REDACTED, redact } from "./redact";

describe("what the audit log keeps of a state", () => {
  it("blanks every value under a key that names a secret, at any depth, and keeps the rest", () => {
    const state = {
      id: "key_1",
      name: "CI",
      key: "fdk_secret",
      keyHash: "abc",
      prefix: "fdk_abcd",
      settings: { handoff: { webhookUrl: "https://hooks.example/x", webhookSecret: "whsec" } },
      staff: [{ email: "a@b.c", passwordHash: "pbkdf2$…", invitationUrl: "https://x/#invite=t" }],
      accessToken: "t0k",
      emptySecret: null,
    };
    expect(redact(state)).toEqual({
      id: "key_1",
      name: "CI",
      key: REDACTED,
      keyHash: REDACTED,
      prefix: "fdk_abcd",
      settings: { handoff: { webhookUrl: "https://hooks.example/x", webhookSecret: REDACTED } },
      staff: [{ email: "a@b.c", passwordHash: REDACTED, invitationUrl: REDACTED }],
      accessToken: REDACTED,
      emptySecret: null, // nothing there to hide: the log says there was none
    });
  });

  it("cuts long text, saying how long it was, and summarises what is nested too deep", () => {
    const body = "x".repeat(5_000);
    expect(redact({ body })).toEqual({ body: `${"x".repeat(2_000)}… (5000 characters)` });
    let deep: unknown = "bottom";
    for (let i = 0; i < 20; i++) deep = { next: deep };
    expect(JSON.stringify(redact(deep))).toContain('"[…]"');
    expect(redact(42)).toBe(42);
    expect(redact(null)).toBeNull();
  });

  it("names the contact properties whose values changed, never the values", () => {
    expect(
      changedNames({ first_name: "Ada", company: "A" }, { first_name: "Ada", company: "B", tier: "gold" }),
    ).toEqual(["company", "tier"]);
    expect(changedNames({ tags: ["a"] }, { tags: ["a"] })).toEqual([]);
    expect(changedNames(null, { email: "x@y.z" })).toEqual(["email"]);
    expect(changedNames("not a map", [1])).toEqual([]);
  });

  it("keeps only the numbers of a result", () => {
    expect(countsOf({ created: 3, updated: 1, errors: [{ row: 2, email: "x@y.z" }], note: "ok" })).toEqual({
      created: 3,
      updated: 1,
    });
    expect(countsOf(null)).toEqual({});
    expect(countsOf([1, 2])).toEqual({});
  });
});
