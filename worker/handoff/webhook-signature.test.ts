import { describe, expect, it } from "vitest";
import { checkWebhookSignature, signWebhook, verifyWebhookSignature } from "./webhook-signature";

const SECRET = "whsec_test";
const BODY = JSON.stringify({ type: "conversation.handoff", id: "h_1" });
const NOW = 1_800_000_000_000;

describe("webhook signatures", () => {
  it("verify what they sign, with the documented header shape", async () => {
    const header = await signWebhook(SECRET, BODY, NOW);
    expect(header).toMatch(/^t=1800000000,v1=[0-9a-f]{64}$/);
    expect(await verifyWebhookSignature(SECRET, header, BODY, NOW)).toBe(true);
  });

  it("reject a changed body, another secret, stale or future timestamps and malformed headers", async () => {
    const header = await signWebhook(SECRET, BODY, NOW);
    expect(await verifyWebhookSignature(SECRET, header, `${BODY} `, NOW)).toBe(false);
    expect(await verifyWebhookSignature("whsec_other", header, BODY, NOW)).toBe(false);
    expect(await verifyWebhookSignature(SECRET, header, BODY, NOW + 301_000)).toBe(false);
    expect(await verifyWebhookSignature(SECRET, header, BODY, NOW - 301_000)).toBe(false);
    for (const bad of [
      null,
      "",
      "v1=abc",
      "t=abc,v1=00",
      `t=1,t=2,${header.split(",")[1]}`,
      header.replace("v1=", "v0="),
    ]) {
      expect(await verifyWebhookSignature(SECRET, bad, BODY, NOW), String(bad)).toBe(false);
    }
  });

  it("accept any one matching v1 value (receivers rotating secrets)", async () => {
    const header = await signWebhook(SECRET, BODY, NOW);
    const withOld = `${header},v1=${"0".repeat(64)}`;
    expect(await verifyWebhookSignature(SECRET, withOld, BODY, NOW)).toBe(true);
  });

  it("say why a signature was refused", async () => {
    const header = await signWebhook(SECRET, BODY, NOW);
    const refusal = async (h: string | null, body = BODY, now = NOW) => {
      const result = await checkWebhookSignature(SECRET, h, body, now);
      return result.ok ? "ok" : result.refusal;
    };
    expect(await refusal(header)).toBe("ok");
    expect(await refusal(null)).toBe("missing");
    expect(await refusal("  ")).toBe("missing");
    expect(await refusal("v1=abc")).toBe("malformed");
    expect(await refusal(header, BODY, NOW + 301_000)).toBe("stale");
    expect(await refusal(header, BODY, NOW - 301_000)).toBe("stale");
    expect(await refusal(header, `${BODY} `)).toBe("mismatch");
  });
});
