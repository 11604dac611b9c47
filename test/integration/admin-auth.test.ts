/** The admin API's bearer-token check: every way of not presenting the right token is a 401. */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { app } from "../../worker/app";
import { bearerToken, isAdminToken } from "../../worker/access/admin-auth";
import { adminFetch, TEST_ORIGIN } from "./helpers/seed";

async function expectUnauthorized(response: Response) {
  expect(response.status).toBe(401);
  expect(response.headers.get("www-authenticate")).toMatch(/^Bearer /);
  const body = (await response.json()) as { error: { code: string; message: string } };
  expect(body.error.code).toBe("unauthorized");
  expect(body.error.message).toEqual(expect.any(String));
}

describe("admin auth", () => {
  const token = env.ADMIN_TOKEN;
  const lastCharFlipped = token.slice(0, -1) + (token.endsWith("n") ? "m" : "n");

  it.each([
    ["no token", null],
    ["a wrong token", "not-the-token"],
    ["a token differing only in its last character", lastCharFlipped],
    ["a prefix of the token", token.slice(0, -1)],
    ["the token with a suffix", `${token}x`],
    ["an empty token", ""],
  ])("refuses %s", async (_, presented) => {
    await expectUnauthorized(await adminFetch("/agents/demo", { token: presented }));
  });

  it("refuses other schemes and malformed headers", async () => {
    for (const header of [`Basic ${token}`, token, `Bearer`, `Bearer ${token} extra`]) {
      await expectUnauthorized(await adminFetch("/agents/demo", { token: null, headers: { authorization: header } }));
    }
  });

  it("checks the token before anything else, even on unknown routes and bad bodies", async () => {
    await expectUnauthorized(await adminFetch("/no-such-route", { token: "wrong" }));
    await expectUnauthorized(await adminFetch("/agents/BAD SLUG", { method: "PUT", body: "{", token: "wrong" }));
  });

  it("accepts the right token, with any case of the scheme", async () => {
    expect((await adminFetch("/agents/nobody-here")).status).toBe(404);
    const response = await adminFetch("/agents/nobody-here", {
      token: null,
      headers: { authorization: `bearer ${token}` },
    });
    expect(response.status).toBe(404);
  });

  it.each([
    ["empty", ""],
    ["unset", undefined],
  ])("refuses every token when ADMIN_TOKEN is %s", async (_, configured) => {
    const lockedEnv = { ...env, ADMIN_TOKEN: configured } as unknown as Env;
    for (const presented of ["", "undefined", token]) {
      const request = new Request(`${TEST_ORIGIN}/api/agents/demo`, {
        headers: { authorization: `Bearer ${presented}` },
      });
      await expectUnauthorized(await app.fetch(request, lockedEnv));
    }
  });

  it("parses bearer headers and compares tokens exactly", () => {
    expect(bearerToken("Bearer abc")).toBe("abc");
    expect(bearerToken("bearer  abc ")).toBe("abc");
    expect(bearerToken("Basic abc")).toBeNull();
    expect(bearerToken(undefined)).toBeNull();
    expect(isAdminToken("abc", "abc")).toBe(true);
    expect(isAdminToken("abc", "abd")).toBe(false);
    expect(isAdminToken("", "")).toBe(false);
    expect(isAdminToken(undefined, "abc")).toBe(false);
    expect(isAdminToken("abc", null)).toBe(false);
  });
});
