/**
 * Admin routes for an agent's channel deployments: list, deploy, read, change, remove, and a
 * connection test. Secrets go in and never come out (the answer says which are set); a custom
 * channel's generated signing secret is the one exception, shown once in the deploy answer.
 */
import { Hono } from "hono";
import type { AppEnv } from "../lib/app-env";
import { ApiError, notFound } from "../lib/errors";
import { agentIdPath, anyIdPath, existingAgentId } from "../lib/params";
import { routeSpecs } from "../lib/route-spec";
import { CUSTOM } from "../protocol/channels";
import { connectionFields, deployBody, updateBody } from "../channels/deployments/connection";
import {
  deploy,
  deploymentView,
  getDeployment,
  listDeployments,
  newSigningSecret,
  openDeployment,
  removeDeployment,
  updateDeployment,
} from "../channels/deployments/store";
import { testConnection } from "../channels/deployments/connection-test";

/** A custom channel's id when the admin gave none: `ch-` and 12 hex digits. */
const newCustomChannelId = () =>
  `ch-${[...crypto.getRandomValues(new Uint8Array(6))].map((b) => b.toString(16).padStart(2, "0")).join("")}`;

const declare = routeSpecs("Channels");
const params = { id: agentIdPath };
const oneParams = { id: agentIdPath, did: anyIdPath("The deployment's id") };
const DEPLOYMENT =
  "{ id, agentId, channel, address, config, secretsSet, secretsMissing, removedAt, createdAt, updatedAt }";

async function existingDeployment(c: Parameters<typeof existingAgentId>[0]) {
  const row = await getDeployment(c.env, await existingAgentId(c), c.req.param("did") ?? "");
  if (!row) throw notFound("Deployment");
  return row;
}

export const channelRoutes = new Hono<AppEnv>()
  .get(
    "/agents/:id/channels",
    declare({
      summary: "List the agent's channel deployments (removed ones too)",
      params,
      response: { description: `{ items: [${DEPLOYMENT}] }` },
    }),
    async (c) => c.json({ items: await listDeployments(c.env, await existingAgentId(c)) }),
  )
  .post(
    "/agents/:id/channels",
    declare({
      summary: "Deploy the agent to a channel address (or bring back a removed deployment)",
      params,
      body: deployBody,
      response: {
        status: 201,
        description: `${DEPLOYMENT}, plus signingSecret once when a custom channel's was generated`,
      },
    }),
    async (c) => {
      const agentId = await existingAgentId(c);
      const body = c.req.valid("json");
      const fields = connectionFields(body.channel, body);
      let generated: string | null = null;
      if (body.channel === CUSTOM && !fields.secrets.signingSecret) {
        generated = newSigningSecret();
        fields.secrets.signingSecret = generated;
      }
      const address = body.address ?? newCustomChannelId();
      const row = await deploy(c.env, agentId, { channel: body.channel, address, ...fields });
      return c.json({ ...deploymentView(row), ...(generated ? { signingSecret: generated } : {}) }, 201);
    },
  )
  .get(
    "/agents/:id/channels/:did",
    declare({ summary: "Read a channel deployment", params: oneParams, response: { description: DEPLOYMENT } }),
    async (c) => c.json(deploymentView(await existingDeployment(c))),
  )
  .patch(
    "/agents/:id/channels/:did",
    declare({
      summary: "Change a deployment's connection settings or replace its secrets",
      params: oneParams,
      body: updateBody,
      response: { description: DEPLOYMENT },
    }),
    async (c) => {
      const row = await existingDeployment(c);
      const fields = connectionFields(row.channel as Parameters<typeof connectionFields>[0], c.req.valid("json"));
      if (fields.unknown.length > 0)
        throw new ApiError(400, "invalid_body", `The ${row.channel} channel has no ${fields.unknown.join(", ")}`, {
          ...Object.fromEntries(fields.unknown.map((name) => [name, `Not a setting of the ${row.channel} channel`])),
        });
      return c.json(deploymentView(await updateDeployment(c.env, row, fields)));
    },
  )
  .delete(
    "/agents/:id/channels/:did",
    declare({
      summary: "Take the agent off the channel: its conversations stay, new messages go to a person",
      params: oneParams,
      response: { description: DEPLOYMENT },
    }),
    async (c) => c.json(deploymentView(await removeDeployment(c.env, await existingDeployment(c)))),
  )
  .post(
    "/agents/:id/channels/:did/test",
    declare({
      summary: "Test the deployment's connection (the platform accepts its token, the delivery URL answers)",
      params: oneParams,
      response: { description: "{ ok, detail }" },
    }),
    async (c) => c.json(await testConnection(c.env, await openDeployment(c.env, await existingDeployment(c)))),
  );
