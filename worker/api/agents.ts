/**
 * Admin routes for agents: read one, and create or replace one with PUT. Every PUT saves a new
 * configuration version and (until the behaviour issue adds publish) publishes it at once.
 */
import { Hono } from "hono";
import { z } from "zod";
import type { AppEnv } from "../app";
import { database } from "../db/client";
import { getAgent, PERSONALITIES, saveAndPublishAgent, type AgentConfig } from "../db/agents";
import { purgeWidgetConfig } from "../channels/widget-config";
import { loopbackAllowance, refuseUrl } from "../lib/address-policy";
import { ApiError, notFound } from "../lib/errors";
import { readJson } from "../lib/validate";
import { channelsSchema, handoffSettingsSchema, timeZoneSchema } from "../lifecycle/settings";
import { agentIdParam } from "./params";

const MAX_NAME_CHARS = 80; // shown in the widget header; longer names do not fit
const MAX_GREETING_CHARS = 500; // the first bubble a visitor sees; a paragraph at most
const MAX_BRAND_VOICE_CHARS = 2000; // goes into every prompt, so it must stay small

const settingsSchema = z.strictObject({
  accentColor: z.string().regex(/^#[0-9a-fA-F]{6}$/, "Must be a hex colour like #4f46e5").optional(),
  brandVoice: z.string().trim().max(MAX_BRAND_VOICE_CHARS).optional(),
  timeZone: timeZoneSchema.optional(),
  channels: channelsSchema.optional(),
  handoff: handoffSettingsSchema.optional(),
});

const agentBody = z
  .strictObject({
    name: z.string().trim().min(1).max(MAX_NAME_CHARS),
    personality: z.enum(PERSONALITIES),
    greeting: z.string().trim().min(1).max(MAX_GREETING_CHARS),
    settings: settingsSchema.optional(),
  })
  .superRefine((body, ctx) => {
    if (body.personality === "brand_voice" && !body.settings?.brandVoice) {
      ctx.addIssue({ code: "custom", path: ["settings", "brandVoice"], message: "Required when personality is brand_voice" });
    }
  });

/** A webhook may not point at a private, loopback or link-local address (the same policy as every outbound fetch). */
function refusePrivateWebhook(env: Env, url: string | null | undefined): void {
  if (!url) return;
  const refusal = refuseUrl(new URL(url), loopbackAllowance(env.ALLOW_LOOPBACK_FETCH));
  if (refusal) throw new ApiError(400, "invalid_body", "The request body is invalid", { "settings.handoff.webhookUrl": refusal.message });
}

export const agentRoutes = new Hono<AppEnv>()
  .get("/agents/:id", async (c) => {
    const agent = await getAgent(database(c.env), agentIdParam(c));
    if (!agent) throw notFound("Agent");
    return c.json(agent);
  })
  .put("/agents/:id", async (c) => {
    const id = agentIdParam(c);
    const body = await readJson(c, agentBody);
    refusePrivateWebhook(c.env, body.settings?.handoff?.webhookUrl);
    const config: AgentConfig = { name: body.name, personality: body.personality, greeting: body.greeting, settings: body.settings ?? {} };
    const { agent, created } = await saveAndPublishAgent(database(c.env), id, config);
    await purgeWidgetConfig(new URL(c.req.url).origin, id);
    return c.json(agent, created ? 201 : 200);
  });
