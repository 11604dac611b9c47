/**
 * The signed handoff webhook: a real handoff in a conversation POSTs a signed event to the
 * agent's URL (verified here with the agent's secret), retries a failing receiver and records
 * the result; secrets are rotated and never read back; private URLs are refused when saving.
 */
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { database } from "../../worker/db/client";
import { handoffs } from "../../worker/db/schema";
import { verifyWebhookSignature } from "../../worker/handoff/webhook-signature";
import { adminFetch } from "./helpers/seed";
import { ChatSocket, startConversation } from "./support/chat-client";
import { hasSystem, lifecycleAgent } from "./support/lifecycle";

type Delivery = { path: string; headers: Record<string, string>; body: string; status: number };

const deliveries = async (path: string): Promise<Delivery[]> =>
  (await fetch(`${env.WEBHOOK_RECEIVER_URL}/__deliveries?path=${encodeURIComponent(path)}`)).json();

async function rotateSecret(agentId: string): Promise<string> {
  const response = await adminFetch(`/agents/${agentId}/webhook-secret`, { method: "POST" });
  expect(response.status).toBe(201);
  return ((await response.json()) as { secret: string }).secret;
}

async function askForPerson(agentId: string): Promise<string> {
  const { conversationId, visitorToken } = await startConversation(agentId, undefined, false);
  const socket = await ChatSocket.open(conversationId, visitorToken);
  socket.send({ type: "message", id: "m1", text: "Please connect me to a human" });
  await socket.waitFor(hasSystem("no_staff"));
  socket.close();
  return conversationId;
}

const webhookStatus = async (conversationId: string) =>
  (await database(env).select().from(handoffs).where(eq(handoffs.conversationId, conversationId)).get())
    ?.webhookStatus ?? null;

describe("handoff webhooks", () => {
  it("POST a signed event on every handoff, which the receiver verifies", async () => {
    const path = "/hooks/signed";
    await lifecycleAgent("hook-signed", { handoff: { webhookUrl: `${env.WEBHOOK_RECEIVER_URL}${path}` } });
    const secret = await rotateSecret("hook-signed");
    const conversationId = await askForPerson("hook-signed");
    await expect.poll(async () => (await deliveries(path)).length).toBe(1);
    const [delivery] = await deliveries(path);
    expect(delivery?.headers["content-type"]).toBe("application/json");
    expect(delivery?.headers["frontdesk-event"]).toBe("conversation.handoff");
    expect(
      await verifyWebhookSignature(secret, delivery?.headers["frontdesk-signature"] ?? null, delivery?.body ?? ""),
    ).toBe(true);
    expect(
      await verifyWebhookSignature(
        "whsec_wrong",
        delivery?.headers["frontdesk-signature"] ?? null,
        delivery?.body ?? "",
      ),
    ).toBe(false);
    const event = JSON.parse(delivery?.body ?? "{}");
    expect(event).toMatchObject({
      type: "conversation.handoff",
      agentId: "hook-signed",
      conversationId,
      reason: "visitor_asked",
      fallback: true,
      routedTo: null,
    });
    expect(delivery?.headers["frontdesk-delivery"]).toBe(event.id);
    await expect.poll(() => webhookStatus(conversationId)).toBe("sent");
  });

  it("retry a failing receiver a bounded number of times and record the failure", async () => {
    const path = "/fail/hooks";
    await lifecycleAgent("hook-failing", { handoff: { webhookUrl: `${env.WEBHOOK_RECEIVER_URL}${path}` } });
    const conversationId = await askForPerson("hook-failing");
    await expect.poll(() => webhookStatus(conversationId), { timeout: 10_000 }).toBe("failed: HTTP 500");
    expect(await deliveries(path)).toHaveLength(3);
  });

  it("send nothing when no URL is configured", async () => {
    await lifecycleAgent("hook-none", {});
    const conversationId = await askForPerson("hook-none");
    expect(await webhookStatus(conversationId)).toBeNull();
  });

  it("secrets: rotation returns a new one once; reading says only whether one exists", async () => {
    await lifecycleAgent("hook-secret", {});
    expect(await (await adminFetch("/agents/hook-secret/webhook-secret")).json()).toEqual({
      configured: false,
      createdAt: null,
    });
    const first = await rotateSecret("hook-secret");
    const second = await rotateSecret("hook-secret");
    expect(first).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(second).not.toBe(first);
    const info = await (await adminFetch("/agents/hook-secret/webhook-secret")).text();
    expect(info).not.toContain(second);
    expect(JSON.parse(info)).toMatchObject({ configured: true });
    expect((await adminFetch("/agents/hook-secret/webhook-secret", { method: "POST", token: "wrong" })).status).toBe(
      401,
    );
    expect((await adminFetch("/agents/no-such-agent/webhook-secret", { method: "POST" })).status).toBe(404);
  });

  it("refuse webhook URLs at private, loopback or metadata addresses, and keep the saved settings", async () => {
    await lifecycleAgent("hook-private", { handoff: { webhookUrl: "https://hooks.example.com/frontdesk" } });
    for (const url of [
      "http://127.0.0.1:9/hook",
      "http://10.0.0.8/hook",
      "http://169.254.169.254/latest",
      "http://[::1]/hook",
      "http://localhost/hook",
      "ftp://example.com/hook",
    ]) {
      const response = await adminFetch("/agents/hook-private", {
        method: "PUT",
        json: {
          name: "Agent hook-private",
          personality: "friendly",
          greeting: "Hello!",
          settings: { handoff: { webhookUrl: url } },
        },
      });
      expect(response.status, url).toBe(400);
      const body = (await response.json()) as { error: { details: Record<string, string> } };
      expect(Object.keys(body.error.details).join(), url).toContain("webhookUrl");
    }
    const saved = (await (await adminFetch("/agents/hook-private")).json()) as {
      settings: { handoff: { webhookUrl: string } };
    };
    expect(saved.settings.handoff.webhookUrl).toBe("https://hooks.example.com/frontdesk");
  });
});
