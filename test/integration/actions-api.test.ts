/**
 * The actions API: create, read, replace and remove an agent's actions. They are versioned with the
 * agent's settings (an edit of a live agent is a draft until published), bad definitions are refused
 * with the field named and nothing saved, names are unique, and a credential goes in and never
 * comes out — not in any answer, nor in the audit log — and is removed with its action.
 */
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { openActionCredential } from "../../worker/actions/credentials";
import { adminFetch } from "./helpers/seed";
import { CREDENTIAL, ORDER_STATUS, type View, type Listing } from "./support/actions-api";

const AGENT = "actions-agent";
const NEW_CREDENTIAL = "sk_live_replaced-credential-0815";

const path = (actionId?: string) => `/agents/${AGENT}/actions${actionId ? `/${actionId}` : ""}`;
const create = (body: unknown) => adminFetch(path(), { method: "POST", json: body });
const list = async (): Promise<Listing> => (await (await adminFetch(path())).json()) as Listing;
const publish = () => adminFetch(`/agents/${AGENT}/publish`, { method: "POST" });
async function details(response: Response): Promise<Record<string, string>> {
  expect(response.status).toBe(400);
  const body = (await response.json()) as { error: { code: string; details: Record<string, string> } };
  expect(body.error.code).toBe("invalid_body");
  return body.error.details;
}

beforeAll(async () => {
  const response = await adminFetch(`/agents/${AGENT}`, {
    method: "PUT",
    json: {
      name: "Actions",
      personality: "friendly",
      greeting: "Hi",
      settings: { crm: { properties: { first_name: { show: true }, billing_address: { show: false } } } },
    },
  });
  if (response.status !== 201) throw new Error(`agent not created: ${response.status} ${await response.text()}`);
});

describe("actions API", () => {
  let orderId = "";

  it("creates an action on a live agent as a draft, live once published, with a write-only credential", async () => {
    const response = await create({ ...ORDER_STATUS, credential: CREDENTIAL });
    expect(response.status).toBe(201);
    const text = await response.text();
    expect(text).not.toContain(CREDENTIAL);
    const created = JSON.parse(text) as View;
    expect(created.id).toMatch(/^act_/);
    expect(created).toMatchObject({ name: "order_status", credentialSet: true, live: false });
    orderId = created.id;
    expect(await openActionCredential(env, AGENT, orderId)).toBe(CREDENTIAL);

    const before = await list();
    expect(before.actions.map((a) => a.id)).toEqual([orderId]);
    expect(before.published).toEqual([]);
    const agent = (await (await adminFetch(`/agents/${AGENT}`)).json()) as {
      settings: { actions?: unknown[] };
      draft: { settings: { actions: Array<{ id: string }> } } | null;
    };
    expect(agent.settings.actions ?? []).toEqual([]);
    expect(agent.draft?.settings.actions.map((a) => a.id)).toEqual([orderId]);

    expect((await publish()).status).toBe(200);
    const after = await list();
    expect(after.published).toEqual([orderId]);
    expect(after.actions[0]).toMatchObject({ id: orderId, live: true, credentialSet: true });
    const read = await adminFetch(path(orderId));
    const readText = await read.text();
    expect(read.status).toBe(200);
    expect(readText).not.toContain(CREDENTIAL);
    expect(JSON.parse(readText)).toMatchObject({ id: orderId, inputs: [{ name: "order_number", required: true }] });
  });

  it("replaces a definition as a draft, keeping, replacing or removing the credential as asked", async () => {
    const changedUrl = "https://shop.example.com/api/v2/orders/{{order_number}}";
    const kept = await adminFetch(path(orderId), {
      method: "PUT",
      json: { ...ORDER_STATUS, request: { method: "GET", url: changedUrl } },
    });
    expect(kept.status).toBe(200);
    expect(await kept.json()).toMatchObject({ request: { url: changedUrl }, credentialSet: true });
    expect(await openActionCredential(env, AGENT, orderId)).toBe(CREDENTIAL);
    // The live agent still calls the published URL until the draft is published.
    const agent = (await (await adminFetch(`/agents/${AGENT}`)).json()) as {
      settings: { actions: Array<{ request: { url: string } }> };
    };
    expect(agent.settings.actions[0]?.request.url).toBe(ORDER_STATUS.request.url);
    expect((await list()).actions[0]?.request.url).toBe(changedUrl);

    const replaced = await adminFetch(path(orderId), {
      method: "PUT",
      json: { ...ORDER_STATUS, credential: NEW_CREDENTIAL },
    });
    expect(await replaced.text()).not.toContain(NEW_CREDENTIAL);
    expect(await openActionCredential(env, AGENT, orderId)).toBe(NEW_CREDENTIAL);

    const removed = await adminFetch(path(orderId), { method: "PUT", json: { ...ORDER_STATUS, credential: null } });
    expect(await removed.json()).toMatchObject({ credentialSet: false });
    expect(await openActionCredential(env, AGENT, orderId)).toBeNull();
    await adminFetch(path(orderId), { method: "PUT", json: { ...ORDER_STATUS, credential: CREDENTIAL } });
    expect((await publish()).status).toBe(200);
  });

  it("refuses bad definitions with the field named, saving nothing", async () => {
    const cases: Array<[unknown, string]> = [
      [
        {
          ...ORDER_STATUS,
          name: "lookup_host",
          request: { method: "GET", url: "https://{{order_number}}.example.com/" },
        },
        "request.url",
      ],
      [
        { ...ORDER_STATUS, name: "private_host", request: { method: "GET", url: "http://10.0.0.7/orders" } },
        "request.url",
      ],
      [
        { ...ORDER_STATUS, name: "loopback_host", request: { method: "GET", url: "http://localhost:8080/x" } },
        "request.url",
      ],
      [
        { ...ORDER_STATUS, name: "not_a_url", request: { method: "GET", url: "orders/{{order_number}}" } },
        "request.url",
      ],
      [
        {
          ...ORDER_STATUS,
          name: "get_with_body",
          request: { method: "GET", url: "https://shop.example.com/o", body: "{}" },
        },
        "request.body",
      ],
      [
        {
          ...ORDER_STATUS,
          name: "bad_json",
          request: { method: "POST", url: "https://shop.example.com/o", body: '{"n": {{order_number}}}' },
        },
        "request.body",
      ],
      [{ ...ORDER_STATUS, name: "bad_regex", inputs: [{ name: "n", label: "n", pattern: "(" }] }, "inputs.0.pattern"],
      [
        { ...ORDER_STATUS, name: "slow_regex", inputs: [{ name: "n", label: "n", pattern: "(\\d+)+x" }] },
        "inputs.0.pattern",
      ],
      [
        {
          ...ORDER_STATUS,
          name: "hidden_prop",
          inputs: [{ name: "order_number", label: "n", fromProperty: "billing_address" }],
        },
        "inputs.0.fromProperty",
      ],
      [
        {
          ...ORDER_STATUS,
          name: "unknown_input",
          request: { method: "GET", url: "https://shop.example.com/{{order_id}}" },
        },
        "request.url",
      ],
      [
        {
          ...ORDER_STATUS,
          name: "unknown_in_body",
          request: { method: "POST", url: "https://shop.example.com/o", body: '{"n": "{{order_id}}"}' },
        },
        "request.body",
      ],
      [
        {
          ...ORDER_STATUS,
          name: "same_inputs",
          inputs: [
            { name: "order_number", label: "a" },
            { name: "order_number", label: "b" },
          ],
        },
        "inputs",
      ],
      [{ ...ORDER_STATUS, name: "Bad Name" }, "name"],
      [{ ...ORDER_STATUS, name: "with_id", id: "act_chosen123" }, ""],
    ];
    for (const [body, field] of cases) {
      const problems = await details(await create(body));
      if (field) expect(problems, JSON.stringify(body)).toHaveProperty([field]);
    }
    const replaced = await adminFetch(path(orderId), {
      method: "PUT",
      json: { ...ORDER_STATUS, request: { method: "GET", url: "http://192.168.1.1/" } },
    });
    expect((await details(replaced))["request.url"]).toContain("private, local or reserved");
    const listing = await list();
    expect(listing.actions.map((a) => a.name)).toEqual(["order_status"]);
    expect(listing.actions[0]?.request.url).toBe(ORDER_STATUS.request.url);
    // A readable property may fill an input.
    const fromPlan = await create({
      ...ORDER_STATUS,
      name: "plan_lookup",
      inputs: [{ name: "order_number", label: "order", fromProperty: "first_name" }],
    });
    expect(fromPlan.status).toBe(201);
    const planId = ((await fromPlan.json()) as View).id;
    expect((await adminFetch(path(planId), { method: "DELETE" })).status).toBe(200);
  });

  it("checks actions saved through PUT /api/agents/:id the same way", async () => {
    const agent = (await (await adminFetch(`/agents/${AGENT}`)).json()) as { settings: Record<string, unknown> };
    const action = { ...ORDER_STATUS, id: "act_fromput0001", request: { method: "GET", url: "http://127.0.0.1:1/x" } };
    const response = await adminFetch(`/agents/${AGENT}`, {
      method: "PUT",
      json: {
        name: "Actions",
        personality: "friendly",
        greeting: "Hi",
        settings: { ...agent.settings, actions: [action] },
      },
    });
    expect(await details(response)).toHaveProperty(["settings.actions.0.request.url"]);
    const twice = await adminFetch(`/agents/${AGENT}`, {
      method: "PUT",
      json: {
        name: "Actions",
        personality: "friendly",
        greeting: "Hi",
        settings: {
          ...agent.settings,
          actions: [
            { ...ORDER_STATUS, id: "act_fromput0001" },
            { ...ORDER_STATUS, id: "act_fromput0002" },
          ],
        },
      },
    });
    expect(await details(twice)).toHaveProperty(["settings.actions.1.name"]);
  });

  it("answers 404 for unknown actions and 409 for a name taken", async () => {
    for (const id of ["act_doesnotexist", "nope"]) {
      expect((await adminFetch(path(id))).status).toBe(404);
      expect((await adminFetch(path(id), { method: "PUT", json: ORDER_STATUS })).status).toBe(404);
      expect((await adminFetch(path(id), { method: "DELETE" })).status).toBe(404);
    }
    expect((await adminFetch("/agents/no-such-agent/actions")).status).toBe(404);
    const taken = await create(ORDER_STATUS);
    expect(taken.status).toBe(409);
    expect(((await taken.json()) as { error: { code: string } }).error.code).toBe("name_taken");
    const other = (await (await create({ ...ORDER_STATUS, name: "other_lookup" })).json()) as View;
    const renamed = await adminFetch(path(other.id), { method: "PUT", json: ORDER_STATUS });
    expect(renamed.status).toBe(409);
    expect((await adminFetch(path(other.id), { method: "DELETE" })).status).toBe(200);
  });

  it("keeps a removed action's credential while it is live, and drops it once published", async () => {
    expect((await adminFetch(path(orderId), { method: "DELETE" })).status).toBe(200);
    expect((await list()).actions).toEqual([]);
    expect((await adminFetch(path(orderId))).status).toBe(404);
    expect(await openActionCredential(env, AGENT, orderId)).toBe(CREDENTIAL); // still live
    expect((await publish()).status).toBe(200);
    expect(await openActionCredential(env, AGENT, orderId)).toBeNull();
  });

  it("records creations, changes and removals in the audit log without the credential", async () => {
    const text = await (await adminFetch("/audit?limit=100")).text();
    expect(text).toContain('"action"');
    for (const action of ["create", "update", "delete"]) expect(text).toContain(`"${action}"`);
    expect(text).toContain(orderId);
    for (const secret of [CREDENTIAL, NEW_CREDENTIAL]) expect(text).not.toContain(secret);
  });
});
