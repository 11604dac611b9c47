/** Admin routes for an agent's named secrets (webhook and identity signing): whether one exists, and rotate (the new secret is shown once). */
import { Hono } from "hono";
import type { AppEnv } from "../lib/app-env";
import {
  agentSecretInfo,
  IDENTITY_SIGNING,
  rotateAgentSecret,
  WEBHOOK_SIGNING,
  type AgentSecretKind,
} from "../db/agent-secrets";
import { existingAgentId } from "../lib/params";

const ROUTES: Array<{ path: string; kind: AgentSecretKind }> = [
  { path: "webhook-secret", kind: WEBHOOK_SIGNING },
  { path: "identity-secret", kind: IDENTITY_SIGNING },
];

export const agentSecretRoutes = new Hono<AppEnv>();
for (const { path, kind } of ROUTES) {
  agentSecretRoutes
    .get(`/agents/:id/${path}`, async (c) => c.json(await agentSecretInfo(c.env, await existingAgentId(c), kind)))
    .post(`/agents/:id/${path}`, async (c) =>
      c.json(await rotateAgentSecret(c.env, await existingAgentId(c), kind), 201),
    );
}
