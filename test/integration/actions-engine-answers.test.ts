/**
 * How the action engine handles answers: configured fields picked, whole answers passed on or
 * dropped by size, bodies that are not JSON, and error statuses turned into polite failures.
 */
import { describe, expect, it } from "vitest";
import { MAX_ACTION_DATA_CHARS, runAction } from "../../worker/actions/run";
import { action, allowApi, api, newKey, ok } from "./support/action-engine";

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
