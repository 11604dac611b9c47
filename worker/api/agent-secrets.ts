/**
 * Admin routes for an agent's named secrets (webhook and identity signing): whether one exists, and rotate (the new
 * secret is shown once).
 */
import { Hono } from "hono";
import type { AppEnv } from "../lib/app-env";
import {
  agentSecretInfo,
  IDENTITY_SIGNING,
  rotateAgentSecret,
  WEBHOOK_SIGNING,
  type AgentSecretKind,
} from "../db/agent-secrets";
import { agentIdPath, existingAgentId } from "../lib/params";
import { routeSpecs } from "../lib/route-spec";

const ROUTES: Array<{ path: string; kind: AgentSecretKind; what: string }> = [
  { path: "webhook-secret", kind: WEBHOOK_SIGNING, what: "handoff webhook" },
  { path: "identity-secret", kind: IDENTITY_SIGNING, what: "host-site identity" },
];

const declare = routeSpecs("Secrets");
const params = { id: agentIdPath };

export const agentSecretRoutes = new Hono<AppEnv>();
for (const { path, kind, what } of ROUTES) {
  agentSecretRoutes
    .get(
      `/agents/:id/${path}`,
      declare({
        summary: `Whether the ${what} signing secret exists (never the secret)`,
        params,
        response: { description: "{ configured, createdAt }: whether a secret is set, and since when" },
      }),
      async (c) => c.json(await agentSecretInfo(c.env, await existingAgentId(c), kind)),
    )
    .post(
      `/agents/:id/${path}`,
      declare({
        summary: `Rotate the ${what} signing secret`,
        params,
        response: { status: 201, description: "{ secret, createdAt }: the new secret, shown this once" },
      }),
      async (c) => c.json(await rotateAgentSecret(c.env, await existingAgentId(c), kind), 201),
    );
}
