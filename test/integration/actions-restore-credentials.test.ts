/**
 * A credential goes when no configuration in use has its action; restoring a version that had the
 * action brings the action back live without it. Publishing and restoring then warn the admin, naming
 * the action, until its credential is set again — and the credential is never restored from anywhere.
 */
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { openActionCredential } from "../../worker/actions/credentials";
import { adminFetch } from "./helpers/seed";
import { CREDENTIAL, ORDER_STATUS, type View } from "./support/actions-api";

const AGENT = "actions-restore-agent";
type Published = { publishedVersion: number; warnings?: string[] };

const post = async (path: string, json?: unknown): Promise<Published> => {
  const response = await adminFetch(`/agents/${AGENT}${path}`, { method: "POST", ...(json ? { json } : {}) });
  expect(response.status).toBe(200);
  return (await response.json()) as Published;
};
const action = (id: string, init: { method: string; json?: unknown } = { method: "GET" }) =>
  adminFetch(`/agents/${AGENT}/actions/${id}`, init);

beforeAll(async () => {
  const response = await adminFetch(`/agents/${AGENT}`, {
    method: "PUT",
    json: { name: "Restore", personality: "friendly", greeting: "Hi", settings: {} },
  });
  if (response.status !== 201) throw new Error(`agent not created: ${response.status} ${await response.text()}`);
});

describe("restoring a version whose action lost its credential", () => {
  it("warns on restore and publish until the credential is set again", async () => {
    const created = await adminFetch(`/agents/${AGENT}/actions`, {
      method: "POST",
      json: { ...ORDER_STATUS, credential: CREDENTIAL },
    });
    const { id } = (await created.json()) as View;
    const withAction = await post("/publish");
    expect(withAction.warnings).toBeUndefined();

    expect((await action(id, { method: "DELETE" })).status).toBe(200);
    expect((await post("/publish")).warnings).toBeUndefined();
    expect(await openActionCredential(env, AGENT, id)).toBeNull(); // no configuration in use has the action

    const restored = await post("/restore", { version: withAction.publishedVersion });
    expect(restored.warnings).toEqual([
      expect.stringContaining('Action "order_status" is live without its credential'),
    ]);
    expect(JSON.stringify(restored)).not.toContain(CREDENTIAL);
    expect(await (await action(id)).json()).toMatchObject({ live: true, credentialSet: false });

    const set = await action(id, { method: "PUT", json: { ...ORDER_STATUS, credential: CREDENTIAL } });
    expect(set.status).toBe(200);
    expect((await post("/publish")).warnings).toBeUndefined();
    expect(await openActionCredential(env, AGENT, id)).toBe(CREDENTIAL);
  });

  it("warns when a draft publishes an action saved without its credential", async () => {
    const created = await adminFetch(`/agents/${AGENT}/actions`, {
      method: "POST",
      json: { ...ORDER_STATUS, name: "order_items" },
    });
    expect(created.status).toBe(201);
    const published = await post("/publish");
    expect(published.warnings).toEqual([expect.stringContaining('Action "order_items"')]);
  });
});
