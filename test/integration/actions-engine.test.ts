/**
 * The action engine against a loopback API (test/node/action-api.ts): each kind of
 * authentication, URL and body templating with escaping, input validation before any call,
 * the guard's refusals and caps, the handling of answers, and the credential never shown.
 */
import { env } from "cloudflare:workers";
import { describe, expect, inject, it } from "vitest";
import { type Action, actionSchema } from "../../worker/actions/definition";
import { type ActionCallResult, MAX_ACTION_DATA_CHARS, runAction } from "../../worker/actions/run";

declare module "vitest" {
  export interface ProvidedContext {
    actionApiUrl: string;
    loopbackOtherUrl: string;
  }
}

const api = inject("actionApiUrl");
const other = inject("loopbackOtherUrl"); // a loopback port never allowed: the stand-in for a private address
const allowApi = { ALLOW_LOOPBACK_FETCH: new URL(api).host };

type Recorded = { method: string; url: string; headers: Record<string, string>; body: string };

/** A fresh key per test: the API records the requests made under it. */
const newKey = () => crypto.randomUUID();

async function requestsFor(key: string): Promise<Recorded[]> {
  const response = await fetch(`${api}/__requests?key=${key}`);
  return (await response.json()) as Recorded[];
}

const action = (fields: Record<string, unknown>): Action =>
  actionSchema.parse({
    id: "act_engine01",
    name: "order_status",
    description: "Looks up an order by its number",
    ...fields,
  });

function ok(result: ActionCallResult) {
  if (!result.ok) throw new Error(`${result.code}: ${result.message}`);
  return result;
}

const orderInput = { name: "order_number", label: "order number", pattern: "\\d{4,8}" };

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
    const [seen] = await requestsFor(key);
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
    expect((result.data as Recorded).headers.authorization).toBe("Bearer [redacted]");
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
    expect(await requestsFor(key)).toEqual([]);
  });
});

describe("templating", () => {
  it("keeps a URL value in its path segment or query value, whatever it holds", async () => {
    const key = newKey();
    const result = await runAction(
      allowApi,
      action({
        inputs: [
          { name: "ref", label: "reference" },
          { name: "q", label: "query" },
        ],
        request: { method: "GET", url: `${api}/${key}/echo/{{ref}}?q={{q}}&lang=en` },
      }),
      { ref: "a/b?c&d", q: "x&lang=fr#y" },
      { credential: null },
    );
    ok(result);
    const [seen] = await requestsFor(key);
    expect(seen?.url).toBe(`/${key}/echo/a%2Fb%3Fc%26d?q=x%26lang%3Dfr%23y&lang=en`);
  });

  it("refuses a value that would climb out of its path segment, before any request", async () => {
    const key = newKey();
    const result = await runAction(
      allowApi,
      action({
        inputs: [{ name: "ref", label: "reference" }],
        request: { method: "GET", url: `${api}/${key}/echo/{{ref}}` },
      }),
      { ref: ".." },
      { credential: null },
    );
    expect(result).toMatchObject({ ok: false, code: "invalid_input" });
    expect(await requestsFor(key)).toEqual([]);
  });

  it("posts a JSON body with exact strings (quotes, backslashes, unicode) and numbers as JSON numbers", async () => {
    const key = newKey();
    const note = 'He said "wait" \\ then left } ]"; {{qty}} ✓';
    const result = await runAction(
      allowApi,
      action({
        inputs: [
          { name: "note", label: "note" },
          { name: "qty", label: "quantity", type: "number" },
          { name: "gift", label: "gift message", required: false },
        ],
        request: {
          method: "POST",
          url: `${api}/${key}/echo`,
          body: '{"note":"{{note}}","qty":"{{qty}}","summary":"{{qty}} items: {{note}}","gift":"{{gift}}"}',
          headers: {
            "X-Shop": "north",
            "X-Api-Token": "fixed-secret",
            Host: "evil.example",
            "Content-Type": "text/plain",
          },
        },
      }),
      { note, qty: "3.50", unknown_input: "ignored" },
      { credential: null },
    );
    const shown = ok(result).request;
    expect(shown.headers).toMatchObject({ "x-shop": "north", "x-api-token": "[redacted]" });
    expect(JSON.parse(shown.body ?? "")).toMatchObject({ note, qty: 3.5 });
    const [seen] = await requestsFor(key);
    expect(seen?.headers["x-shop"]).toBe("north");
    expect(seen?.headers["x-api-token"]).toBe("fixed-secret");
    expect(seen?.headers.host).toBe(new URL(api).host);
    expect(seen?.method).toBe("POST");
    expect(seen?.headers["content-type"]).toBe("application/json");
    expect(seen?.headers["user-agent"]).toBe("Frontdesk-Action/1");
    expect(seen?.headers.accept).toBe("application/json");
    expect(JSON.parse(seen?.body ?? "")).toEqual({ note, qty: 3.5, summary: `3.5 items: ${note}`, gift: null });
  });

  it("refuses a line break in a text value instead of sending it", async () => {
    const key = newKey();
    const result = await runAction(
      allowApi,
      action({
        inputs: [{ name: "note", label: "note" }],
        request: { method: "POST", url: `${api}/${key}/echo`, body: '{"note":"{{note}}"}' },
      }),
      { note: "one\ntwo" },
      { credential: null },
    );
    expect(result).toMatchObject({
      ok: false,
      code: "invalid_input",
      message: "The note must be one line of plain text.",
    });
    expect(await requestsFor(key)).toEqual([]);
  });
});

describe("input validation, before any request", () => {
  const lookup = (key: string) =>
    action({
      inputs: [orderInput, { name: "quantity", label: "quantity", type: "number", required: false }],
      request: { method: "GET", url: `${api}/${key}/echo/{{order_number}}?n={{quantity}}` },
    });

  it.each([
    [{}, "Please give your order number."],
    [{ order_number: "  " }, "Please give your order number."],
    [{ order_number: "12" }, "That doesn't look like a valid order number."],
    [{ order_number: "1234", quantity: "two" }, "The quantity must be a number."],
  ])("refuses %j", async (inputs, message) => {
    const key = newKey();
    const result = await runAction(allowApi, lookup(key), inputs, { credential: null });
    expect(result).toEqual({
      ok: false,
      code: "invalid_input",
      message,
      status: null,
      durationMs: expect.any(Number),
      request: null,
    });
    expect(await requestsFor(key)).toEqual([]);
  });

  it("runs once the values are valid, an optional one left out", async () => {
    const key = newKey();
    ok(await runAction(allowApi, lookup(key), { order_number: " 1234 " }, { credential: null }));
    expect((await requestsFor(key)).map((r) => r.url)).toEqual([`/${key}/echo/1234?n=`]);
  });
});

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
    expect(await requestsFor(key)).toEqual([]);
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
    expect((followed.data as Recorded).method).toBe("GET");
    const away = encodeURIComponent(`${other}/page`);
    const key2 = newKey();
    const refused = await runAction(
      allowApi,
      action({ request: { method: "GET", url: `${api}/${key2}/redirect?to=${away}` }, auth: { kind: "bearer" } }),
      {},
      { credential: "tok3n" },
    );
    expect(refused).toMatchObject({ ok: false, code: "http_error", status: 302 });
    expect(await requestsFor(key2)).toHaveLength(1);
  });
});

describe("answers", () => {
  const fields = [
    { path: "$.order.status", label: "Status" },
    { path: "$.order.id", label: "Order" },
    { path: "$.order.paid", label: "Paid" },
    { path: "$.order.items[1].name", label: "Second item" },
    { path: "$.order.items[5].name", label: "Sixth item" },
    { path: "$.order.items", label: "Items" },
    { path: "$.order.shipment.eta", label: "ETA" },
    { path: "$.order.__proto__", label: "Proto" },
  ];

  it("picks the configured fields, arrays and missing ones included, and passes on only those", async () => {
    const key = newKey();
    let clock = 1_000;
    const result = ok(
      await runAction(
        allowApi,
        action({ request: { method: "GET", url: `${api}/${key}/order` }, response: { fields } }),
        {},
        {
          credential: null,
          now: () => (clock += 125),
        },
      ),
    );
    expect(result.status).toBe(200);
    expect(result.durationMs).toBe(125);
    expect(result.fields.map((f) => [f.label, f.value])).toEqual([
      ["Status", "shipped"],
      ["Order", 1234],
      ["Paid", true],
      ["Second item", "Bulb"],
      ["Sixth item", null],
      ["Items", '[{"name":"Lamp","qty":2},{"name":"Bulb"}]'],
      ["ETA", null],
      ["Proto", null],
    ]);
    expect(result.data).toEqual(Object.fromEntries(result.fields.map((f) => [f.label, f.value])));
    expect(JSON.stringify(result.data)).not.toContain("Thanks for shopping");
  });

  it("passes on a small whole answer and its top-level values when no fields are configured", async () => {
    const key = newKey();
    const result = ok(
      await runAction(
        allowApi,
        action({ request: { method: "GET", url: `${api}/${key}/order` } }),
        {},
        { credential: null },
      ),
    );
    expect(result.data).toMatchObject({ order: { status: "shipped" } });
    expect(result.fields).toEqual([{ label: "note", path: "$.note", value: "Thanks for shopping with us" }]);
    expect(result.note).toBeUndefined();
  });

  it(`drops a whole answer over ${MAX_ACTION_DATA_CHARS} characters, keeping its top-level values`, async () => {
    const key = newKey();
    const result = ok(
      await runAction(
        allowApi,
        action({ request: { method: "GET", url: `${api}/${key}/large` } }),
        {},
        { credential: null },
      ),
    );
    expect(result.data).toBeNull();
    expect(result.note).toMatch(/larger than 8 KB/);
    expect(result.fields).toEqual([{ label: "count", path: "$.count", value: 400 }]);
  });

  it("calls an answer that is not JSON a bad response when fields are expected, and nothing otherwise", async () => {
    const key = newKey();
    const url = `${api}/${key}/text`;
    const withFields = await runAction(
      allowApi,
      action({ request: { method: "GET", url }, response: { fields } }),
      {},
      { credential: null },
    );
    expect(withFields).toMatchObject({ ok: false, code: "bad_response", status: 200 });
    const without = ok(
      await runAction(allowApi, action({ request: { method: "GET", url } }), {}, { credential: null }),
    );
    expect(without).toMatchObject({ data: null, fields: [] });
    const empty = ok(
      await runAction(
        allowApi,
        action({ request: { method: "GET", url: `${api}/${key}/empty` } }),
        {},
        { credential: null },
      ),
    );
    expect(empty).toMatchObject({ status: 204, data: null, fields: [] });
  });

  it("turns an error status into a polite failure without the URL or the credential", async () => {
    const key = newKey();
    const result = await runAction(
      allowApi,
      action({ request: { method: "GET", url: `${api}/${key}/status/500` }, auth: { kind: "bearer" } }),
      {},
      { credential: "tok3n" },
    );
    expect(result).toMatchObject({
      ok: false,
      code: "http_error",
      status: 500,
      message: "The service answered with an error (status 500).",
    });
    if (result.ok) return;
    expect(result.message).not.toContain(api);
    expect(result.request?.url).toBe(`${api}/${key}/status/500`);
    expect(JSON.stringify(result)).not.toContain("tok3n");
  });
});
