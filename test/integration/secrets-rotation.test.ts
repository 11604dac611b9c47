/**
 * Rotating SECRETS_KEY (security-review finding 15): with the new key as SECRETS_KEY and the old one as
 * SECRETS_KEY_PREVIOUS, old rows still open (and are re-encrypted when read); `POST /api/secrets/reencrypt`
 * re-encrypts every stored secret with the new key and reports counts, never values; a row under a key
 * that is neither is reported by name and fails its webhook with a clear status, never a crash.
 */
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { IDENTITY_SIGNING, storedAgentSecret, WEBHOOK_SIGNING } from "../../worker/db/agent-secrets";
import { database } from "../../worker/db/client";
import { agentSecrets, handoffs } from "../../worker/db/schema";
import { sealSecret, secretKeyring } from "../../worker/lib/secret-box";
import { adminFetch } from "./helpers/seed";
import { ChatSocket, startConversation } from "./support/chat-client";
import { crmAgent } from "./support/crm";
import { hasSystem, lifecycleAgent } from "./support/lifecycle";
import { adminFetchWith, storedValue, withKeys, writeStoredValue } from "./support/secrets";

const OLD_KEY = env.SECRETS_KEY; // what the test Worker seals with
const NEW_KEY = "rotated-key-0123456789abcdefghijklmnopqrstuvwxyz";
const UNKNOWN_KEY = "a-key-this-worker-never-had-0123456789abcdefghij";
const ROTATING = withKeys({ SECRETS_KEY: NEW_KEY, SECRETS_KEY_PREVIOUS: OLD_KEY });
const ROTATED = withKeys({ SECRETS_KEY: NEW_KEY });

const keyIdOf = (stored: string | undefined) => stored?.split(".")[1];
const keyId = async (key: string) => (await secretKeyring({ SECRETS_KEY: key })).current.id;

type Report = {
  complete: boolean;
  agentSecrets: {
    total: number;
    alreadyCurrent: number;
    reencrypted: { fromPreviousKey: number; fromPlaintext: number };
    failed: Array<{ agentId: string; name: string; code: string; message: string }>;
  };
};

async function reencrypt(bindings: Env): Promise<{ report: Report; text: string }> {
  const response = await adminFetchWith(bindings, "/secrets/reencrypt", "POST");
  const text = await response.text();
  expect(response.status, text).toBe(200);
  return { report: JSON.parse(text) as Report, text };
}

async function rotate(agentId: string, path: "webhook-secret" | "identity-secret"): Promise<string> {
  const response = await adminFetch(`/agents/${agentId}/${path}`, { method: "POST" });
  expect(response.status).toBe(201);
  return ((await response.json()) as { secret: string }).secret;
}

describe("rotating SECRETS_KEY", () => {
  it("opens rows sealed by the old key through SECRETS_KEY_PREVIOUS and re-encrypts them when read", async () => {
    await crmAgent("rot-read");
    const secret = await rotate("rot-read", "identity-secret");
    expect(keyIdOf(await storedValue("rot-read", IDENTITY_SIGNING.name))).toBe(await keyId(OLD_KEY));

    const unknown = await storedAgentSecret(ROTATED, "rot-read", IDENTITY_SIGNING).catch((e: unknown) => e);
    expect(unknown).toMatchObject({
      code: "secret_key_unknown",
      message: expect.stringContaining("SECRETS_KEY_PREVIOUS"),
    });
    expect(String((unknown as Error).message)).not.toContain(secret);

    expect(await storedAgentSecret(ROTATING, "rot-read", IDENTITY_SIGNING)).toBe(secret);
    expect(keyIdOf(await storedValue("rot-read", IDENTITY_SIGNING.name))).toBe(await keyId(NEW_KEY));
    expect(await storedAgentSecret(ROTATED, "rot-read", IDENTITY_SIGNING)).toBe(secret);
  });

  it("POST /api/secrets/reencrypt re-encrypts every stored secret with the new key and reports counts, not values", async () => {
    await crmAgent("rot-all");
    const webhook = await rotate("rot-all", "webhook-secret");
    const identity = await rotate("rot-all", "identity-secret");
    await crmAgent("rot-legacy");
    const legacy = "whsec_plaintext-from-before-encryption-0123456789abcdef";
    await writeStoredValue("rot-legacy", WEBHOOK_SIGNING.name, legacy);
    try {
      const { report, text } = await reencrypt(ROTATING);
      const counts = report.agentSecrets;
      expect(report.complete).toBe(true);
      expect(counts.failed).toEqual([]);
      expect(counts.reencrypted.fromPreviousKey).toBeGreaterThanOrEqual(2);
      expect(counts.reencrypted.fromPlaintext).toBeGreaterThanOrEqual(1);
      expect(counts.total).toBe(
        counts.alreadyCurrent + counts.reencrypted.fromPreviousKey + counts.reencrypted.fromPlaintext,
      );
      for (const value of [webhook, identity, legacy, OLD_KEY, NEW_KEY]) expect(text).not.toContain(value);

      const rows = await database(env).select({ value: agentSecrets.value }).from(agentSecrets).all();
      const newId = await keyId(NEW_KEY);
      for (const row of rows) expect(keyIdOf(row.value)).toBe(newId);
      // The old key can go: the new one alone opens everything, the old one alone nothing.
      expect(await storedAgentSecret(ROTATED, "rot-all", WEBHOOK_SIGNING)).toBe(webhook);
      expect(await storedAgentSecret(ROTATED, "rot-legacy", WEBHOOK_SIGNING)).toBe(legacy);
      await expect(
        storedAgentSecret(withKeys({ SECRETS_KEY: OLD_KEY }), "rot-all", IDENTITY_SIGNING),
      ).rejects.toMatchObject({
        code: "secret_key_unknown",
      });
      expect((await reencrypt(ROTATED)).report.agentSecrets).toMatchObject({
        alreadyCurrent: counts.total,
        reencrypted: { fromPreviousKey: 0, fromPlaintext: 0 },
      });
    } finally {
      await reencrypt(withKeys({ SECRETS_KEY: OLD_KEY, SECRETS_KEY_PREVIOUS: NEW_KEY })); // back to the test Worker's key
    }
  });

  it("reports a row under a key that is neither current nor previous by name, and its webhook fails with a clear status", async () => {
    const path = "/hooks/unknown-key";
    await lifecycleAgent("rot-unknown", { handoff: { webhookUrl: `${env.WEBHOOK_RECEIVER_URL}${path}` } });
    const foreign = await secretKeyring({ SECRETS_KEY: UNKNOWN_KEY });
    const secret = "whsec_sealed-by-a-key-nobody-configured-0123456789abc";
    await writeStoredValue(
      "rot-unknown",
      WEBHOOK_SIGNING.name,
      await sealSecret(foreign, secret, ["agent_secrets", "rot-unknown", WEBHOOK_SIGNING.name]),
    );
    try {
      const { report, text } = await reencrypt(env);
      expect(report.complete).toBe(false);
      expect(report.agentSecrets.failed).toEqual([
        {
          agentId: "rot-unknown",
          name: "webhook_signing",
          code: "secret_key_unknown",
          message: expect.stringContaining("SECRETS_KEY_PREVIOUS"),
        },
      ]);
      expect(text).not.toContain(secret);

      const { conversationId, visitorToken } = await startConversation("rot-unknown", undefined, false);
      const socket = await ChatSocket.open(conversationId, visitorToken);
      socket.send({ type: "message", id: "m1", text: "Please connect me to a human" });
      await socket.waitFor(hasSystem("no_staff")); // the handoff itself goes on
      socket.close();
      const status = async () =>
        (await database(env).select().from(handoffs).where(eq(handoffs.conversationId, conversationId)).get())
          ?.webhookStatus ?? null;
      await expect.poll(status).toMatch(/^failed: .*SECRETS_KEY_PREVIOUS/);
      expect(await status()).not.toContain(secret);
    } finally {
      await database(env).delete(agentSecrets).where(eq(agentSecrets.agentId, "rot-unknown"));
    }
  });

  it("answers the missing-secret error naming SECRETS_KEY when re-encrypting without one", async () => {
    const response = await adminFetchWith(withKeys({ SECRETS_KEY: "" }), "/secrets/reencrypt", "POST");
    expect(response.status).toBe(500);
    expect(await response.json()).toMatchObject({
      error: { code: "server_misconfigured", message: expect.stringContaining("SECRETS_KEY") },
    });
  });
});
