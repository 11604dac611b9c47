/**
 * The GDPR export and erase find a contact's conversations on other channels by their channel
 * address: an email thread from the contact's address, a WhatsApp chat from their phone number.
 * Such conversations are listed, not exported (an address alone proves nothing), and erased.
 */
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { findDeployment } from "../../worker/channels/deployments/store";
import { takeInbound } from "../../worker/channels/inbound";
import { adminFetch } from "./helpers/seed";
import { createTestAgent, SHOP_ANSWERS } from "./support/fixtures";

const AGENT = "channel-privacy";
const EMAIL = "privacy-person@example.com";

async function inbound(channel: "email" | "whatsapp", deploymentAddress: string, from: string, id: string) {
  const deployment = await findDeployment(env, channel, deploymentAddress);
  if (!deployment) throw new Error(`no ${channel} deployment on ${deploymentAddress}`);
  const { conversationId, received } = await takeInbound(env, {
    deployment,
    address: from,
    message: { clientId: id, text: "Do you ship to Norway?" },
  });
  expect(received.ok).toBe(true);
  return conversationId;
}

async function conversationRow(id: string) {
  return env.DB.prepare("SELECT id, channel, channel_address FROM conversations WHERE id = ?").bind(id).first();
}

beforeAll(async () => {
  await createTestAgent(AGENT, SHOP_ANSWERS);
  for (const body of [
    { channel: "email", address: "privacy-help@example.com" },
    {
      channel: "whatsapp",
      address: "3300000000001",
      accessToken: "access-token-value",
      appSecret: "app-secret-value",
      verifyToken: "verify-token-value",
    },
  ]) {
    const response = await adminFetch(`/agents/${AGENT}/channels`, { method: "POST", json: body });
    expect(response.status).toBe(201);
  }
});

describe("a contact's conversations by channel address", () => {
  it("are listed in the export and erased with the contact; other addresses' stay", async () => {
    const created = await adminFetch("/contacts", {
      method: "POST",
      json: { email: EMAIL, properties: { phone: "+47 400 00 001" } },
    });
    expect(created.status).toBe(201);
    const { id: contactId } = (await created.json()) as { id: string };

    const byEmail = await inbound("email", "privacy-help@example.com", EMAIL, "<m1@example.com>");
    const byPhone = await inbound("whatsapp", "3300000000001", "4740000001", "wamid.1");
    const someoneElse = await inbound("whatsapp", "3300000000001", "4799999999", "wamid.2");
    expect(await conversationRow(byEmail)).toMatchObject({ channel: "email", channel_address: EMAIL });

    const exported = (await (await adminFetch(`/contacts/${contactId}/export`)).json()) as {
      conversations: { id: string }[];
      otherConversations: { id: string; linkedBy: string[] }[];
    };
    expect(exported.conversations).toEqual([]);
    const listed = new Map(exported.otherConversations.map((c) => [c.id, c.linkedBy]));
    expect(listed.get(byEmail)).toContain("channel_address");
    expect(listed.get(byPhone)).toEqual(["channel_address"]);
    expect(listed.has(someoneElse)).toBe(false);

    expect((await adminFetch(`/contacts/${contactId}`, { method: "DELETE" })).status).toBe(200);
    expect(await conversationRow(byEmail)).toBeNull();
    expect(await conversationRow(byPhone)).toBeNull();
    expect(await conversationRow(someoneElse)).not.toBeNull();
    const erased = env.CONVERSATIONS.get(env.CONVERSATIONS.idFromName(byPhone));
    expect(await erased.events(0)).toEqual([]);
  });
});
