/**
 * The action engine's guard: private addresses and unallowed ports refused, timeouts, the answer
 * size cap, and redirects followed only on the same origin.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { runAction } from "../../worker/actions/run";
import { type ApiRequest, apiRequests } from "./support/actions";
import { action, allowApi, api, newKey, ok, other } from "./support/action-engine";

describe("the guard", () => {
  it("refuses a loopback port outside the allowance, like any private address", async () => {
    const result = await runAction(
      allowApi,
      action({ request: { method: "GET", url: `${other}/page` } }),
      {},
      { credential: null },
    );
    expect(result).toMatchObject({ ok: false, code: "blocked_address", status: null });
    const key = newKey();
    const unallowed = await runAction(
      env,
      action({ request: { method: "GET", url: `${api}/${key}/echo` } }),
      {},
      { credential: null },
    );
    expect(unallowed).toMatchObject({ ok: false, code: "blocked_address" });
    expect(await apiRequests(key)).toEqual([]);
  });

  it("ends a call that takes longer than the action's timeout", async () => {
    const key = newKey();
    const result = await runAction(
      allowApi,
      action({ request: { method: "GET", url: `${api}/${key}/hang` }, timeoutMs: 1_000 }),
      {},
      { credential: null },
    );
    expect(result).toMatchObject({ ok: false, code: "timeout", message: "The service did not answer in time." });
  });

  it("refuses an answer over 256 KB", async () => {
    const key = newKey();
    const result = await runAction(
      allowApi,
      action({ request: { method: "GET", url: `${api}/${key}/big` } }),
      {},
      { credential: null },
    );
    expect(result).toMatchObject({ ok: false, code: "too_large" });
  });

  it("follows a 303 after a POST on the same origin as a GET, and no redirect elsewhere", async () => {
    const key = newKey();
    const to = encodeURIComponent(`/${key}/echo`);
    const followed = ok(
      await runAction(
        allowApi,
        action({
          request: { method: "POST", url: `${api}/${key}/redirect?code=303&to=${to}`, body: "{}" },
          auth: { kind: "bearer" },
        }),
        {},
        { credential: "tok3n" },
      ),
    );
    expect((followed.data as ApiRequest).method).toBe("GET");
    const away = encodeURIComponent(`${other}/page`);
    const key2 = newKey();
    const refused = await runAction(
      allowApi,
      action({ request: { method: "GET", url: `${api}/${key2}/redirect?to=${away}` }, auth: { kind: "bearer" } }),
      {},
      { credential: "tok3n" },
    );
    expect(refused).toMatchObject({ ok: false, code: "http_error", status: 302 });
    expect(await apiRequests(key2)).toHaveLength(1);
  });
});
