/**
 * The agent's live controls apply on every channel, not only the widget: switched off, or out of
 * monthly credits, a message that arrives by a channel deployment goes to a person with the same
 * reason as in live chat, and the agent does not answer it.
 */
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { findDeployment } from "../../worker/channels/deployments/store";
import { takeInbound } from "../../worker/channels/inbound";
import { adminFetch } from "./helpers/seed";
import { createTestAgent, SHOP_ANSWERS } from "./support/fixtures";
import { loggedEvents } from "./support/lifecycle";

const AGENT = "channel-controls";
const ADDRESS = "controls-help@example.com";

async function send(from: string): Promise<string> {
  const deployment = await findDeployment(env, "email", ADDRESS);
  if (!deployment) throw new Error("not deployed");
  const { conversationId } = await takeInbound(env, {
    deployment,
    address: from,
    message: { clientId: `<${crypto.randomUUID()}@example.com>`, text: "Do you ship to Norway?" },
  });
  return conversationId;
}

async function handedOffFor(conversationId: string): Promise<string> {
  let reason = "";
  await vi.waitFor(
    async () => {
      const row = await env.DB.prepare("SELECT handoff_reason FROM conversations WHERE id = ?")
        .bind(conversationId)
        .first<{ handoff_reason: string | null }>();
      expect(row?.handoff_reason).toBeTruthy();
      reason = row?.handoff_reason ?? "";
    },
    { timeout: 10_000 },
  );
  const answered = (await loggedEvents(conversationId)).some((e) => e.type === "assistant_complete");
  expect(answered).toBe(false);
  return reason;
}

const setControls = (json: Record<string, unknown>) => adminFetch(`/agents/${AGENT}/controls`, { method: "PUT", json });

beforeAll(async () => {
  await createTestAgent(AGENT, SHOP_ANSWERS);
  const response = await adminFetch(`/agents/${AGENT}/channels`, {
    method: "POST",
    json: { channel: "email", address: ADDRESS },
  });
  expect(response.status).toBe(201);
});

describe("controls on channels", () => {
  it("a switched-off agent hands an email to a person", async () => {
    expect((await setControls({ enabled: false })).status).toBe(200);
    expect(await handedOffFor(await send("off@example.com"))).toBe("paused");
  });

  it("an agent out of credits hands an email to a person", async () => {
    expect((await setControls({ enabled: true, monthlyCredits: 0 })).status).toBe(200);
    expect(await handedOffFor(await send("broke@example.com"))).toBe("out_of_credits");
  });
});
