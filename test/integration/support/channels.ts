/** Test support for channel deployments: an agent deployed on an address, and messages sent through it as the platform would. */
import { env } from "cloudflare:test";
import { expect } from "vitest";
import { findDeployment, type OpenDeployment } from "../../../worker/channels/deployments/store";
import { takeInbound, type InboundResult } from "../../../worker/channels/inbound";
import type { DeployableChannel } from "../../../worker/protocol/channels";
import { adminFetch } from "../helpers/seed";

/** Deploys `agentId` through the admin API (the body as the channels API takes it). */
export async function deployChannel(agentId: string, body: { channel: DeployableChannel; address: string }) {
  const response = await adminFetch(`/agents/${agentId}/channels`, { method: "POST", json: body });
  expect(response.status, await response.clone().text()).toBe(201);
}

/** The deployment (live or removed) on a channel's address, with its secrets opened. */
export async function deploymentOn(channel: DeployableChannel, address: string): Promise<OpenDeployment> {
  const found = await findDeployment(env, channel, address);
  if (!found) throw new Error(`nothing deployed on ${channel} ${address}`);
  return found;
}

/** A message from `from` through the deployment on `address`, with the platform's message id `id`. */
export async function sendThrough(
  channel: DeployableChannel,
  address: string,
  message: { from: string; id?: string; text?: string },
): Promise<InboundResult> {
  return takeInbound(env, {
    deployment: await deploymentOn(channel, address),
    address: message.from,
    message: {
      clientId: message.id ?? `<${crypto.randomUUID()}@example.com>`,
      text: message.text ?? "Do you ship to Norway?",
    },
  });
}
