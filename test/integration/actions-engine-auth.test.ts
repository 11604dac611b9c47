/**
 * The action engine's authentication against a loopback API: each kind sends its credential as the
 * API expects it, and the credential is never shown, neither in the request nor in the echoed answer.
 */
import { describe, expect, it } from "vitest";
import { runAction } from "../../worker/actions/run";
import { type ApiRequest, apiRequests } from "./support/actions";
import { action, allowApi, api, newKey, ok } from "./support/action-engine";

describe("authentication", () => {
  const ascii = "s3cr3t-token/+=";
  const unicode = "s3cr3t-tökén &=";
  const run = async (auth: Record<string, unknown>, credential: string, behaviour = "echo") => {
    const key = newKey();
    const result = await runAction(
      allowApi,
      action({ request: { method: "GET", url: `${api}/${key}/${behaviour}` }, auth }),
      {},
      { credential },
    );
    const [seen] = await apiRequests(key);
    if (!seen) throw new Error("no request reached the API");
    // The echo holds the credential as the server saw it: the result must not.
    expect(JSON.stringify(result)).not.toContain("s3cr3t");
    expect(JSON.stringify(result)).not.toContain(encodeURIComponent(credential));
    expect(JSON.stringify(result)).not.toContain(credential);
    return { result: ok(result), seen };
  };

  it("sends a bearer token, redacted in the request shown and in the echoed answer", async () => {
    const { result, seen } = await run({ kind: "bearer" }, ascii);
    expect(seen.headers.authorization).toBe(`Bearer ${ascii}`);
    expect(result.request.headers.authorization).toBe("[redacted]");
    expect((result.data as ApiRequest).headers.authorization).toBe("Bearer [redacted]");
  });

  it("sends basic credentials as UTF-8, redacted in the echo too", async () => {
    const { result, seen } = await run({ kind: "basic", username: "shöp" }, unicode);
    const expected = btoa(String.fromCharCode(...new TextEncoder().encode(`shöp:${unicode}`)));
    expect(seen.headers.authorization).toBe(`Basic ${expected}`);
    expect(JSON.stringify(result)).not.toContain(expected);
  });

  it("sends an API key in the named header", async () => {
    const { result, seen } = await run({ kind: "api_key_header", header: "X-Api-Key" }, ascii);
    expect(seen.headers["x-api-key"]).toBe(ascii);
    expect(result.request.headers["x-api-key"]).toBe("[redacted]");
  });

  it("sends an API key as a query parameter, shown as [redacted]", async () => {
    const { result, seen } = await run({ kind: "api_key_query", param: "api_key" }, unicode);
    expect(new URL(seen.url, api).searchParams.get("api_key")).toBe(unicode);
    expect(result.request.url).toBe(`${api}${seen.url.replace(encodeURIComponent(unicode), "[redacted]")}`);
    expect(result.request.url).toMatch(/\?api_key=\[redacted\]$/);
  });

  it("makes no request without the credential a kind needs", async () => {
    const key = newKey();
    const result = await runAction(
      allowApi,
      action({ request: { method: "GET", url: `${api}/${key}/echo` }, auth: { kind: "bearer" } }),
      {},
      { credential: null },
    );
    expect(result).toMatchObject({ ok: false, code: "missing_credentials", status: null, request: null });
    const unsendable = await runAction(
      allowApi,
      action({ request: { method: "GET", url: `${api}/${key}/echo` }, auth: { kind: "bearer" } }),
      {},
      { credential: "tök\r\nX-Injected: 1" },
    );
    expect(unsendable).toMatchObject({ ok: false, code: "missing_credentials", request: null });
    expect(await apiRequests(key)).toEqual([]);
  });
});
