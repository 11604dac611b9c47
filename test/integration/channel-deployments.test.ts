/**
 * The channels API: deploy an agent on an address, read and change its connection, remove it.
 * Secrets go in and never come out (they are sealed in D1), an address belongs to one agent at a
 * time, bad bodies are refused with the field named, and every change is in the audit log.
 */
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { adminFetch } from "./helpers/seed";

const AGENT = "channels-agent";
const OTHER = "channels-other";
type Deployment = {
  id: string;
  channel: string;
  address: string;
  config: Record<string, string>;
  secretsSet: string[];
  secretsMissing: string[];
  removedAt: number | null;
  signingSecret?: string;
};

const WHATSAPP = {
  channel: "whatsapp",
  address: "1098765432101",
  graphBaseUrl: "https://graph.example.com/v21.0",
  accessToken: "EAAG-access-token-value",
  appSecret: "app-secret-value-1234",
  verifyToken: "verify-token-value",
};

async function deploy(agentId: string, body: unknown): Promise<Response> {
  return adminFetch(`/agents/${agentId}/channels`, { method: "POST", json: body });
}

beforeAll(async () => {
  for (const id of [AGENT, OTHER]) {
    const response = await adminFetch(`/agents/${id}`, {
      method: "PUT",
      json: { name: id, personality: "friendly", greeting: "Hi" },
    });
    expect(response.ok).toBe(true);
  }
});

describe("channel deployments", () => {
  it("deploys WhatsApp with secrets that are stored sealed and never returned", async () => {
    const response = await deploy(AGENT, WHATSAPP);
    expect(response.status).toBe(201);
    const text = await response.text();
    for (const secret of [WHATSAPP.accessToken, WHATSAPP.appSecret, WHATSAPP.verifyToken])
      expect(text).not.toContain(secret);
    const created = JSON.parse(text) as Deployment;
    expect(created).toMatchObject({
      channel: "whatsapp",
      address: WHATSAPP.address,
      config: { graphBaseUrl: WHATSAPP.graphBaseUrl },
      secretsSet: ["accessToken", "appSecret", "verifyToken"],
      secretsMissing: [],
      removedAt: null,
    });
    const stored = await env.DB.prepare("SELECT secrets FROM channel_deployments WHERE id = ?")
      .bind(created.id)
      .first<{ secrets: string }>();
    expect(stored?.secrets).not.toContain(WHATSAPP.accessToken);

    const listed = await (await adminFetch(`/agents/${AGENT}/channels`)).text();
    expect(listed).toContain(created.id);
    expect(listed).not.toContain(WHATSAPP.accessToken);
  });

  it("refuses an address another agent holds, and a second deployment of the same address", async () => {
    const email = { channel: "email", address: "Help@Example.com" };
    const first = await deploy(AGENT, email);
    expect(first.status).toBe(201);
    expect(((await first.json()) as Deployment).address).toBe("help@example.com");
    const again = await deploy(AGENT, email);
    expect(again.status).toBe(409);
    const taken = await deploy(OTHER, { channel: "email", address: "help@example.com" });
    expect(taken.status).toBe(409);
    expect(((await taken.json()) as { error: { code: string } }).error.code).toBe("address_taken");
  });

  it("refuses bad bodies with the field named, and changes nothing", async () => {
    const before = await (await adminFetch(`/agents/${AGENT}/channels`)).text();
    for (const body of [
      { channel: "fax", address: "1" },
      { channel: "email", address: "not an address" },
      {
        channel: "whatsapp",
        address: "12ab",
        accessToken: "x".repeat(10),
        appSecret: "y".repeat(10),
        verifyToken: "z".repeat(10),
      },
      { ...WHATSAPP, address: "555", graphBaseUrl: "ftp://graph.example.com" },
      { channel: "custom", deliveryUrl: "https://hooks.example.com/in", extra: true },
    ]) {
      const response = await deploy(AGENT, body);
      expect(response.status, JSON.stringify(body)).toBe(400);
    }
    expect(await (await adminFetch(`/agents/${AGENT}/channels`)).text()).toBe(before);
  });

  it("generates a custom channel's id and signing secret, shown once", async () => {
    const response = await deploy(AGENT, { channel: "custom", deliveryUrl: "https://hooks.example.com/replies" });
    expect(response.status).toBe(201);
    const created = (await response.json()) as Deployment;
    expect(created.address).toMatch(/^ch-[0-9a-f]{12}$/);
    expect(created.signingSecret).toMatch(/^chsec_/);
    const read = await (await adminFetch(`/agents/${AGENT}/channels/${created.id}`)).text();
    expect(read).not.toContain(created.signingSecret);
    expect(JSON.parse(read)).toMatchObject({ secretsSet: ["signingSecret"] });
  });

  it("changes settings, replaces a secret, refuses a field the channel does not have", async () => {
    const created = (await (await deploy(AGENT, { ...WHATSAPP, address: "2000000000001" })).json()) as Deployment;
    const path = `/agents/${AGENT}/channels/${created.id}`;
    const changed = await adminFetch(path, {
      method: "PATCH",
      json: { graphBaseUrl: "https://graph.example.org/v22.0", accessToken: "new-access-token-value" },
    });
    expect(changed.status).toBe(200);
    const body = await changed.text();
    expect(body).not.toContain("new-access-token-value");
    expect(JSON.parse(body)).toMatchObject({ config: { graphBaseUrl: "https://graph.example.org/v22.0" } });
    const wrong = await adminFetch(path, { method: "PATCH", json: { deliveryUrl: "https://x.example.com" } });
    expect(wrong.status).toBe(400);
    expect(await (await adminFetch(`/agents/${OTHER}/channels/${created.id}`)).status).toBe(404);
  });

  it("removes a deployment and keeps its row; the address can then be deployed again", async () => {
    const created = (await (
      await deploy(AGENT, { channel: "email", address: "sales@example.com" })
    ).json()) as Deployment;
    const removed = await adminFetch(`/agents/${AGENT}/channels/${created.id}`, { method: "DELETE" });
    expect(removed.status).toBe(200);
    expect(((await removed.json()) as Deployment).removedAt).toEqual(expect.any(Number));
    const back = await deploy(OTHER, { channel: "email", address: "sales@example.com" });
    expect(back.status).toBe(201);
    expect(((await back.json()) as Deployment).id).toBe(created.id);
  });

  it("records deploys, changes and removals in the audit log without secrets", async () => {
    const response = await adminFetch(`/audit?limit=100`);
    const text = await response.text();
    expect(text).toContain('"channel"');
    for (const action of ["deploy", "update", "remove"]) expect(text).toContain(`"${action}"`);
    expect(text).not.toContain(WHATSAPP.accessToken);
    expect(text).not.toContain("new-access-token-value");
  });
});
