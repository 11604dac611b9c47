/**
 * Agent secrets at rest (security-review finding 15): the D1 row holds AES-GCM ciphertext, never the
 * secret; webhooks and host identities still verify; a plaintext row from before encryption still works
 * and is encrypted when read; a value copied to another row fails cleanly; a Worker without SECRETS_KEY
 * answers the missing-secret error; the API never returns a stored secret.
 */
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { IDENTITY_SIGNING, storedAgentSecret, WEBHOOK_SIGNING } from "../../worker/db/agent-secrets";
import { database } from "../../worker/db/client";
import { handoffs } from "../../worker/db/schema";
import { verifyHostIdentity } from "../../worker/crm/host-identity";
import { verifyWebhookSignature } from "../../worker/handoff/webhook-signature";
import { hmacSha256 } from "../../worker/lib/crypto";
import { SecretBoxError } from "../../worker/lib/secret-box";
import { adminFetch } from "./helpers/seed";
import { ChatSocket, startConversation } from "./support/chat-client";
import { crmAgent } from "./support/crm";
import { hasSystem, lifecycleAgent } from "./support/lifecycle";
import { adminFetchWith, storedValue, withKeys, writeStoredValue } from "./support/secrets";

const SEALED = /^v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const LEGACY_WEBHOOK = "whsec_legacy-plaintext-webhook-secret-0123456789abcdef";
const LEGACY_IDENTITY = "idsec_legacy-plaintext-identity-secret-0123456789abcde";

async function rotate(agentId: string, path: "webhook-secret" | "identity-secret"): Promise<string> {
  const response = await adminFetch(`/agents/${agentId}/${path}`, { method: "POST" });
  expect(response.status).toBe(201);
  return ((await response.json()) as { secret: string }).secret;
}

const toHex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
/** A host identity hash made with `secret`, as the host site's server makes it. */
async function hostIdentity(secret: string, email: string) {
  const issuedAt = Math.floor(Date.now() / 1000);
  return { email, issuedAt, hash: toHex(await hmacSha256(secret, `${email}:${issuedAt}`)) };
}

const deliveries = async (path: string): Promise<Array<{ headers: Record<string, string>; body: string }>> =>
  (await fetch(`${env.WEBHOOK_RECEIVER_URL}/__deliveries?path=${encodeURIComponent(path)}`)).json();

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

describe("agent secrets at rest", () => {
  it("stores the webhook and identity secrets encrypted: the D1 row is not the secret", async () => {
    await crmAgent("rest-stored");
    for (const [path, kind] of [
      ["webhook-secret", WEBHOOK_SIGNING],
      ["identity-secret", IDENTITY_SIGNING],
    ] as const) {
      const secret = await rotate("rest-stored", path);
      const stored = await storedValue("rest-stored", kind.name);
      expect(stored).toMatch(SEALED);
      expect(stored).not.toContain(secret.slice(kind.prefix.length));
      expect(stored).not.toContain(kind.prefix);
      expect(await storedAgentSecret(env, "rest-stored", kind)).toBe(secret);
    }
  });

  it("verifies host identities signed with an encrypted identity secret", async () => {
    await crmAgent("rest-identity");
    const secret = await rotate("rest-identity", "identity-secret");
    const agent = { id: "rest-identity", settings: {} };
    expect(await verifyHostIdentity(env, agent, await hostIdentity(secret, "ada@example.com"))).toEqual({
      ok: true,
      email: "ada@example.com",
    });
    expect((await verifyHostIdentity(env, agent, await hostIdentity("idsec_wrong", "ada@example.com"))).ok).toBe(false);
  });

  it("keeps a plaintext identity secret from before encryption working, and encrypts it when read", async () => {
    await crmAgent("rest-legacy-identity");
    await writeStoredValue("rest-legacy-identity", IDENTITY_SIGNING.name, LEGACY_IDENTITY);
    const agent = { id: "rest-legacy-identity", settings: {} };
    expect(await verifyHostIdentity(env, agent, await hostIdentity(LEGACY_IDENTITY, "bo@example.com"))).toEqual({
      ok: true,
      email: "bo@example.com",
    });
    const stored = await storedValue("rest-legacy-identity", IDENTITY_SIGNING.name);
    expect(stored).toMatch(SEALED);
    expect(stored).not.toContain("legacy-plaintext");
    expect(await verifyHostIdentity(env, agent, await hostIdentity(LEGACY_IDENTITY, "bo@example.com"))).toMatchObject({
      ok: true,
    });
  });

  it("signs handoff webhooks with a plaintext webhook secret from before encryption, and encrypts it", async () => {
    const path = "/hooks/legacy-secret";
    await lifecycleAgent("rest-legacy-hook", { handoff: { webhookUrl: `${env.WEBHOOK_RECEIVER_URL}${path}` } });
    await writeStoredValue("rest-legacy-hook", WEBHOOK_SIGNING.name, LEGACY_WEBHOOK);
    const conversationId = await askForPerson("rest-legacy-hook");
    await expect.poll(() => webhookStatus(conversationId)).toBe("sent");
    const [delivery] = await deliveries(path);
    expect(
      await verifyWebhookSignature(
        LEGACY_WEBHOOK,
        delivery?.headers["frontdesk-signature"] ?? null,
        delivery?.body ?? "",
      ),
    ).toBe(true);
    expect(await storedValue("rest-legacy-hook", WEBHOOK_SIGNING.name)).toMatch(SEALED);
  });

  it("refuses, cleanly, an encrypted value copied to another agent's row", async () => {
    await crmAgent("rest-source");
    await crmAgent("rest-target");
    const secret = await rotate("rest-source", "identity-secret");
    const copied = await storedValue("rest-source", IDENTITY_SIGNING.name);
    await writeStoredValue("rest-target", IDENTITY_SIGNING.name, copied ?? "");
    const error = await storedAgentSecret(env, "rest-target", IDENTITY_SIGNING).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SecretBoxError);
    expect(error).toMatchObject({ code: "secret_undecryptable" });
    // Where a visitor's identity is checked, that is a refused identity with the reason, not a crash.
    const check = await verifyHostIdentity(
      env,
      { id: "rest-target", settings: {} },
      await hostIdentity(secret, "eve@example.com"),
    );
    expect(check).toEqual({ ok: false, reason: expect.stringContaining("could not be decrypted") });
    expect(JSON.stringify(check)).not.toContain(secret);
  });

  it("answers the missing-secret error naming SECRETS_KEY when the Worker has none, and stores nothing", async () => {
    await crmAgent("rest-no-key");
    const warn = vi.spyOn(console, "error").mockImplementation(() => {});
    const response = await adminFetchWith(withKeys({ SECRETS_KEY: "" }), "/agents/rest-no-key/webhook-secret", "POST");
    warn.mockRestore();
    expect(response.status).toBe(500);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("server_misconfigured");
    expect(body.error.message).toContain("SECRETS_KEY");
    expect(JSON.stringify(body)).not.toMatch(/at \w+ \(|stack/); // no stack trace
    expect(await storedValue("rest-no-key", WEBHOOK_SIGNING.name)).toBeUndefined();
  });

  it("never returns a stored secret or its ciphertext through the API", async () => {
    await crmAgent("rest-api");
    for (const path of ["webhook-secret", "identity-secret"] as const) {
      const secret = await rotate("rest-api", path);
      const stored = await storedValue("rest-api", path === "webhook-secret" ? "webhook_signing" : "identity_signing");
      const info = await (await adminFetch(`/agents/rest-api/${path}`)).text();
      expect(JSON.parse(info)).toEqual({ configured: true, createdAt: expect.any(Number) });
      expect(info).not.toContain(secret);
      expect(info).not.toContain(stored ?? "(none)");
    }
  });
});
