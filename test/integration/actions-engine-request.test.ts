/**
 * The requests the action engine builds: URL and body templating with escaping, and input
 * validation before any call.
 */
import { describe, expect, it } from "vitest";
import { runAction } from "../../worker/actions/run";
import { apiRequests } from "./support/actions";
import { action, allowApi, api, newKey, ok, orderInput } from "./support/action-engine";

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
    const [seen] = await apiRequests(key);
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
    expect(await apiRequests(key)).toEqual([]);
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
    const [seen] = await apiRequests(key);
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
    expect(await apiRequests(key)).toEqual([]);
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
    expect(await apiRequests(key)).toEqual([]);
  });

  it("runs once the values are valid, an optional one left out", async () => {
    const key = newKey();
    ok(await runAction(allowApi, lookup(key), { order_number: " 1234 " }, { credential: null }));
    expect((await apiRequests(key)).map((r) => r.url)).toEqual([`/${key}/echo/1234?n=`]);
  });
});
