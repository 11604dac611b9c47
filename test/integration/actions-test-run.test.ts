/**
 * `POST /api/agents/:id/actions/:act/test`: runs the draft's action with sample inputs and its
 * stored credential against a loopback API (the webhook receiver the Worker may reach), answering
 * the request as sent with the credential redacted and the response's fields. A write action
 * really writes; an input that fails its check sends nothing; the audit log keeps who ran it, the
 * status and the duration, never the credential. Runs are limited per agent: past the limit a run
 * is refused with 429 and sends nothing.
 */
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { ACTION_TESTS_PER_AGENT } from "../../worker/abuse/action-tests";
import { adminFetch } from "./helpers/seed";

const AGENT = "actions-test-run";
const CREDENTIAL = "sk_live_test-run-credential-7319";
const WRITE_PATH = "/hooks/actions-test-run/cancel";

type Result = {
  id: string;
  ok: boolean;
  status: number | null;
  durationMs: number;
  code?: string;
  message?: string;
  request: { method: string; url: string; headers: Record<string, string>; body: string | null } | null;
  fields?: { label: string; path: string; value: unknown }[];
};
type Delivery = { path: string; headers: Record<string, string>; body: string };

const deliveries = async (path: string): Promise<Delivery[]> =>
  (await fetch(`${env.WEBHOOK_RECEIVER_URL}/__deliveries?path=${encodeURIComponent(path)}`)).json();

async function createAction(body: unknown): Promise<string> {
  const response = await adminFetch(`/agents/${AGENT}/actions`, { method: "POST", json: body });
  expect(response.status).toBe(201);
  return ((await response.json()) as { id: string }).id;
}
const runTest = (actionId: string, body: unknown) =>
  adminFetch(`/agents/${AGENT}/actions/${actionId}/test`, { method: "POST", json: body });

const INPUT = { name: "order_number", label: "order number", pattern: "\\d{4,8}" };
let lookupId = "";
let cancelId = "";

beforeAll(async () => {
  const agent = await adminFetch(`/agents/${AGENT}`, {
    method: "PUT",
    json: { name: "Test runs", personality: "friendly", greeting: "Hi" },
  });
  expect(agent.status).toBe(201);
  lookupId = await createAction({
    name: "order_lookup",
    description: "Looks up an order",
    inputs: [INPUT],
    // The fake Graph API answers a GET with `{ id: <last path segment> }`.
    request: { method: "GET", url: `${env.WEBHOOK_RECEIVER_URL}/graph/orders/{{order_number}}` },
    auth: { kind: "bearer" },
    response: { fields: [{ path: "$.id", label: "Order" }] },
    credential: CREDENTIAL,
  });
  cancelId = await createAction({
    name: "cancel_order",
    description: "Cancels an order",
    risk: "write",
    inputs: [INPUT],
    request: {
      method: "POST",
      url: `${env.WEBHOOK_RECEIVER_URL}${WRITE_PATH}`,
      headers: { "X-Shop": "acme" },
      body: '{"order": "{{order_number}}", "reason": "asked by the visitor"}',
    },
    auth: { kind: "api_key_header", header: "X-Api-Key" },
    credential: CREDENTIAL,
  });
});

describe("testing an action", () => {
  it("runs a read action of the draft and shows the request with the credential redacted", async () => {
    const response = await runTest(lookupId, { inputs: { order_number: "1234" } });
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).not.toContain(CREDENTIAL);
    const result = JSON.parse(text) as Result;
    expect(result).toMatchObject({
      id: lookupId,
      ok: true,
      status: 200,
      fields: [{ label: "Order", path: "$.id", value: "1234" }],
      request: { method: "GET", url: `${env.WEBHOOK_RECEIVER_URL}/graph/orders/1234`, body: null },
    });
    expect(result.request?.headers.authorization).toMatch(/^Bearer \[redacted\]$|^\[redacted\]$/);
    expect(result.durationMs).toBeGreaterThanOrEqual(0);
  });

  it("runs a write action for real, sending the credential, and answers without it", async () => {
    const before = (await deliveries(WRITE_PATH)).length;
    const response = await runTest(cancelId, { inputs: { order_number: "5678" } });
    const text = await response.text();
    expect(text).not.toContain(CREDENTIAL);
    expect(JSON.parse(text)).toMatchObject({
      ok: true,
      status: 204,
      request: { method: "POST", headers: { "x-api-key": "[redacted]", "x-shop": "acme" } },
    });
    const sent = await deliveries(WRITE_PATH);
    expect(sent).toHaveLength(before + 1);
    expect(sent.at(-1)?.headers["x-api-key"]).toBe(CREDENTIAL);
    expect(JSON.parse(sent.at(-1)?.body ?? "{}")).toEqual({ order: "5678", reason: "asked by the visitor" });
  });

  it("sends nothing when a sample input fails its check", async () => {
    const before = (await deliveries(WRITE_PATH)).length;
    const result = (await (await runTest(cancelId, { inputs: { order_number: "12ab" } })).json()) as Result;
    expect(result).toMatchObject({ ok: false, code: "invalid_input", request: null });
    expect(result.message).toMatch(/order number/i);
    expect(await deliveries(WRITE_PATH)).toHaveLength(before);
  });

  it("says when the credential is missing", async () => {
    const put = await adminFetch(`/agents/${AGENT}/actions/${lookupId}`, {
      method: "PUT",
      json: {
        name: "order_lookup",
        description: "Looks up an order",
        inputs: [INPUT],
        request: { method: "GET", url: `${env.WEBHOOK_RECEIVER_URL}/graph/orders/{{order_number}}` },
        auth: { kind: "bearer" },
        credential: null,
      },
    });
    expect(put.status).toBe(200);
    const result = (await (await runTest(lookupId, { inputs: { order_number: "1234" } })).json()) as Result;
    expect(result).toMatchObject({ ok: false, code: "missing_credentials" });
  });

  it("refuses unknown actions and malformed bodies", async () => {
    expect((await runTest("act_doesnotexist", { inputs: {} })).status).toBe(404);
    const bad = await runTest(lookupId, { inputs: { order_number: 1234 } });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe("invalid_body");
    expect((await runTest(lookupId, { inputs: {}, extra: true })).status).toBe(400);
  });

  it("records test runs in the audit log with their status and duration, never the credential", async () => {
    const text = await (await adminFetch(`/audit?agent=${AGENT}&kind=action&limit=100`)).text();
    expect(text).not.toContain(CREDENTIAL);
    const { entries } = JSON.parse(text) as {
      entries: { kind: string; action: string; targetId: string | null; after: Record<string, unknown> | null }[];
    };
    const runs = entries.filter((item) => item.kind === "action" && item.action === "test");
    expect(runs.length).toBeGreaterThanOrEqual(3);
    expect(runs).toContainEqual(
      expect.objectContaining({ targetId: cancelId, after: { status: 204, durationMs: expect.any(Number) } }),
    );
  });

  it("refuses runs past the agent's limit with 429 and Retry-After, sending nothing", async () => {
    const LIMITED = "actions-test-limit";
    const path = "/hooks/actions-test-limit/cancel";
    const created = await adminFetch(`/agents/${LIMITED}`, {
      method: "PUT",
      json: { name: "Limited test runs", personality: "friendly", greeting: "Hi" },
    });
    expect(created.status).toBe(201);
    const response = await adminFetch(`/agents/${LIMITED}/actions`, {
      method: "POST",
      json: {
        name: "cancel_order",
        description: "Cancels an order",
        risk: "write",
        inputs: [INPUT],
        request: { method: "POST", url: `${env.WEBHOOK_RECEIVER_URL}${path}`, body: '{"order": "{{order_number}}"}' },
      },
    });
    expect(response.status).toBe(201);
    const actionId = ((await response.json()) as { id: string }).id;
    const run = (order: string) =>
      adminFetch(`/agents/${LIMITED}/actions/${actionId}/test`, {
        method: "POST",
        json: { inputs: { order_number: order } },
      });
    for (let i = 0; i < ACTION_TESTS_PER_AGENT.count; i++) expect((await run("12ab")).status).toBe(200); // checked, not sent
    const refused = await run("1234");
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("rate_limited");
    expect(await deliveries(path)).toHaveLength(0);
    expect((await runTest(cancelId, { inputs: { order_number: "12ab" } })).status).toBe(200); // another agent's runs go on
  });
});
