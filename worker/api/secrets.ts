/**
 * Admin route for the key that encrypts stored secrets: `POST /api/secrets/reencrypt` seals every stored
 * secret with SECRETS_KEY (opening older ones with SECRETS_KEY_PREVIOUS) and reports counts, never values.
 */
import { Hono } from "hono";
import { reencryptActionCredentials } from "../actions/credentials";
import { reencryptAgentSecrets } from "../db/agent-secrets";
import type { AppEnv } from "../lib/app-env";
import { routeSpecs } from "../lib/route-spec";

export const secretRoutes = new Hono<AppEnv>().post(
  "/secrets/reencrypt",
  routeSpecs("Secrets")({
    summary: "Encrypt every stored secret with the current SECRETS_KEY",
    response: {
      description:
        "{ complete, agentSecrets, actionCredentials: counts and the rows no key opens } — never values; " +
        "complete: SECRETS_KEY_PREVIOUS may be removed",
    },
  }),
  async (c) => {
    const agentSecrets = await reencryptAgentSecrets(c.env);
    const actionCredentials = await reencryptActionCredentials(c.env);
    // Complete: every stored secret now opens with SECRETS_KEY alone, so SECRETS_KEY_PREVIOUS may be removed.
    const complete = agentSecrets.failed.length === 0 && actionCredentials.failed.length === 0;
    return c.json({ complete, agentSecrets, actionCredentials });
  },
);
