/**
 * Action credentials at rest: D1 holds ciphertext sealed for its row, never the value; a value
 * sealed by SECRETS_KEY_PREVIOUS still opens and is sealed again with SECRETS_KEY; a value copied to
 * another action does not open; re-encrypting everything reports counts and the rows no key opens;
 * removing one, or all but some, leaves the others.
 */
import { env } from "cloudflare:workers";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { actionCredentials } from "../db/action-schema";
import { database } from "../db/client";
import {
  actionCredentialsSet,
  deleteActionCredentials,
  openActionCredential,
  reencryptActionCredentials,
  setActionCredential,
} from "./credentials";

const AGENT = "credentials-unit";
const OLD_KEY = "old-secrets-key-0123456789abcdefghijklmnop";
const NEW_KEY = "new-secrets-key-0123456789abcdefghijklmnop";

const sealedOf = async (actionId: string): Promise<string | undefined> =>
  (
    await database(env)
      .select({ sealed: actionCredentials.sealed })
      .from(actionCredentials)
      .where(and(eq(actionCredentials.agentId, AGENT), eq(actionCredentials.actionId, actionId)))
      .get()
  )?.sealed;

describe("action credentials", () => {
  it("stores them sealed, and opens them with the current or the previous key", async () => {
    const old = { ...env, SECRETS_KEY: OLD_KEY };
    await setActionCredential(old, AGENT, "act_first00001", "token-one-value");
    const stored = await sealedOf("act_first00001");
    expect(stored).toMatch(/^v1\./);
    expect(stored).not.toContain("token-one-value");
    expect(await openActionCredential(old, AGENT, "act_first00001")).toBe("token-one-value");

    const rotated = { ...env, SECRETS_KEY: NEW_KEY, SECRETS_KEY_PREVIOUS: OLD_KEY };
    expect(await openActionCredential(rotated, AGENT, "act_first00001")).toBe("token-one-value");
    expect(await sealedOf("act_first00001")).not.toBe(stored); // sealed again with the new key
    expect(await openActionCredential({ ...env, SECRETS_KEY: NEW_KEY }, AGENT, "act_first00001")).toBe(
      "token-one-value",
    );
  });

  it("refuses a value copied to another action's row", async () => {
    await setActionCredential(env, AGENT, "act_source0001", "token-source");
    const copied = (await sealedOf("act_source0001")) ?? "";
    await database(env)
      .insert(actionCredentials)
      .values({ agentId: AGENT, actionId: "act_copy000001", sealed: copied, updatedAt: Date.now() });
    await expect(openActionCredential(env, AGENT, "act_copy000001")).rejects.toMatchObject({
      code: "secret_undecryptable",
    });
    expect(await openActionCredential(env, AGENT, "act_nothing0001")).toBeNull();
  });

  it("removes one, or all but the ones kept", async () => {
    await setActionCredential(env, AGENT, "act_keep000001", "keep");
    await setActionCredential(env, AGENT, "act_source0001", null);
    expect(await openActionCredential(env, AGENT, "act_source0001")).toBeNull();
    await deleteActionCredentials(env, AGENT, ["act_keep000001"]);
    expect([...(await actionCredentialsSet(env, AGENT))]).toEqual(["act_keep000001"]);
    await deleteActionCredentials(env, AGENT);
    expect((await actionCredentialsSet(env, AGENT)).size).toBe(0);
  });

  it("re-encrypts every credential with the current key, naming rows no key opens", async () => {
    await deleteActionCredentials(env, AGENT);
    const old = { ...env, SECRETS_KEY: OLD_KEY };
    await setActionCredential(old, AGENT, "act_rotate0001", "rotate-one");
    await setActionCredential(old, AGENT, "act_rotate0002", "rotate-two");
    await setActionCredential({ ...env, SECRETS_KEY: NEW_KEY }, AGENT, "act_current001", "current");
    await database(env)
      .insert(actionCredentials)
      .values({ agentId: AGENT, actionId: "act_plain00001", sealed: "plaintext-value", updatedAt: Date.now() });
    const rotated = { ...env, SECRETS_KEY: NEW_KEY, SECRETS_KEY_PREVIOUS: OLD_KEY };
    const report = await reencryptActionCredentials(rotated);
    expect(report).toMatchObject({ reencrypted: 2, failed: [{ agentId: AGENT, actionId: "act_plain00001" }] });
    expect(report.alreadyCurrent).toBeGreaterThanOrEqual(1);
    expect(JSON.stringify(report)).not.toContain("rotate-one");
    const onlyNew = { ...env, SECRETS_KEY: NEW_KEY };
    expect(await openActionCredential(onlyNew, AGENT, "act_rotate0001")).toBe("rotate-one");
    expect(await openActionCredential(onlyNew, AGENT, "act_rotate0002")).toBe("rotate-two");
    await deleteActionCredentials(env, AGENT);
  });
});
