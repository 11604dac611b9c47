/**
 * The agent's live controls apply on every channel, not only the widget: switched off, or out of
 * monthly credits, a message that arrives by a channel deployment goes to a person with the same
 * reason as in live chat, and the agent does not answer it.
 */
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { adminFetch } from "./helpers/seed";
import { deployChannel, sendThrough } from "./support/channels";
import { createTestAgent, SHOP_ANSWERS } from "./support/fixtures";
import { loggedEvents } from "./support/lifecycle";

const AGENT = "channel-controls";
const ADDRESS = "controls-help@example.com";

const send = async (from: string): Promise<string> => (await sendThrough("email", ADDRESS, { from })).conversationId;

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
  await deployChannel(AGENT, { channel: "email", address: ADDRESS });
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
