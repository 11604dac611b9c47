/** Helpers for the secrets-at-rest tests: agent_secrets rows read and written directly, and the admin API with other keys. */
import { env } from "cloudflare:workers";
import { and, eq } from "drizzle-orm";
import { database } from "../../../worker/db/client";
import { agentSecrets } from "../../../worker/db/schema";
import { app } from "../../../worker/app";
import { TEST_ORIGIN } from "../helpers/seed";

/** The value stored in D1 for one agent secret, as it is at rest. */
export const storedValue = async (agentId: string, name: string): Promise<string | undefined> =>
  (
    await database(env)
      .select({ value: agentSecrets.value })
      .from(agentSecrets)
      .where(and(eq(agentSecrets.agentId, agentId), eq(agentSecrets.name, name)))
      .get()
  )?.value;

/** Writes a row as it is at rest, e.g. a plaintext one from before encryption or a value copied from another row. */
export const writeStoredValue = (agentId: string, name: string, value: string) =>
  database(env)
    .insert(agentSecrets)
    .values({ agentId, name, value, createdAt: Date.now() })
    .onConflictDoUpdate({ target: [agentSecrets.agentId, agentSecrets.name], set: { value } });

/** The Worker's bindings with other secrets keys (e.g. during a rotation, or with none). */
export const withKeys = (keys: { SECRETS_KEY: string; SECRETS_KEY_PREVIOUS?: string }): Env => ({
  ...env,
  SECRETS_KEY_PREVIOUS: "",
  ...keys,
});

/** An admin API call handled by the app with these bindings instead of the test Worker's. */
export const adminFetchWith = (bindings: Env, path: string, method = "GET"): Promise<Response> =>
  Promise.resolve(
    app.request(
      `${TEST_ORIGIN}/api${path}`,
      { method, headers: { authorization: `Bearer ${env.ADMIN_TOKEN}` } },
      bindings,
    ),
  );
