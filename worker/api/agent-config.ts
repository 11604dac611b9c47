/**
 * Admin routes for an agent's configuration: read one (published configuration and draft), and
 * save with PUT (a new agent is published at once; edits of a live agent become a draft). Saving
 * warns (and still saves) when CRM edits are guarded by less than a verified email. Publishing and
 * versions are in agents.ts.
 */
import { modelPricesSchema } from "../analytics/prices";
import { Hono } from "hono";
import { z } from "zod";
import type { AppEnv } from "../lib/app-env";
import { database } from "../db/client";
import { PERSONALITIES, saveAgentVersion, type AgentConfig } from "../db/agents";
import { avatarExists } from "../channels/live-chat/avatars";
import { limitsSchema } from "../abuse/limits";
import { ANY_SITE_WARNING, allowedOriginsSchema } from "../channels/live-chat/embed-policy";
import { purgeWidgetConfig } from "../channels/live-chat/widget-config";
import { loopbackAllowance, refuseUrl } from "../lib/address-policy";
import { ApiError } from "../lib/errors";
import { handoffSettingsSchema, type Routing } from "../handoff/settings";
import { routingTargetExists } from "../handoff/routing";
import { channelsSchema } from "../lifecycle/settings";
import { timeZoneSchema } from "../schedule/settings";
import { guidelinesSchema } from "../behaviour/guidelines";
import { phrasesSchema } from "../agent/prompt-directives";
import { crmSettingsSchema, crmWarnings, type CrmSettings } from "../crm/access-settings";
import { listDefinitions } from "../crm/definitions";
import { actionsProblems, refuseProblems } from "../actions/checks";
import { actionsSchema } from "../actions/definition";
import { pruneActionCredentials } from "../actions/editing";
import { goalSchema } from "../goals/definition";
import { refuseInvalidGoal } from "../goals/goal-checks";
import { agentIdParam, agentIdPath } from "../lib/params";
import { routeSpecs } from "../lib/route-spec";
import { AGENT_VIEW, agentView, requireAgent } from "./agent-view";

const MAX_NAME_CHARS = 80; // shown in the widget header; longer names do not fit
const MAX_GREETING_CHARS = 500; // the first bubble a visitor sees; a paragraph at most
const MAX_BRAND_VOICE_CHARS = 2000; // goes into every prompt, so it must stay small
const MIN_OUTPUT_TOKENS = 64; // a sentence or two; fewer cuts every answer off
const MAX_OUTPUT_TOKENS = 32_768; // a long document; beyond it one answer could cost more than a day of chats
const MAX_IMAGE_HOSTS = 20; // a handful of CDNs; a longer list is a sign of allowing everything

/** A bare host name (no scheme, port or path), lower case: what an image URL's host is compared with. */
const imageHost = z
  .string()
  .trim()
  .toLowerCase()
  .regex(
    /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/,
    "Must be a host name like images.example.com",
  );

const settingsSchema = z.strictObject({
  accentColor: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/, "Must be a hex colour like #4f46e5")
    .optional(),
  brandVoice: z.string().trim().max(MAX_BRAND_VOICE_CHARS).optional(),
  avatar: z
    .string()
    .regex(/^[0-9a-f]{64}\.(png|jpg|webp|gif)$/, "Must be the name returned by the avatar upload")
    .optional(),
  allowedImageHosts: z.array(imageHost).max(MAX_IMAGE_HOSTS).optional(),
  allowedOrigins: allowedOriginsSchema.optional(),
  limits: limitsSchema.optional(),
  /** The longest answer a model may write, in tokens; every model call is capped (default 1,024). */
  maxOutputTokens: z.number().int().min(MIN_OUTPUT_TOKENS).max(MAX_OUTPUT_TOKENS).optional(),
  phrases: phrasesSchema.optional(),
  timeZone: timeZoneSchema.optional(),
  channels: channelsSchema.optional(),
  handoff: handoffSettingsSchema.optional(),
  guidelines: guidelinesSchema.optional(),
  crm: crmSettingsSchema.optional(),
  /** Calls to the owner's APIs the agent may make (worker/actions/definition.ts). */
  actions: actionsSchema.optional(),
  /** Lead qualification (worker/goals/definition.ts). */
  goal: goalSchema.optional(),
  /** Prices per million tokens of the models the agent uses, for the analytics' cost figures. */
  modelPrices: modelPricesSchema.optional(),
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
      ctx.addIssue({
        code: "custom",
        path: ["settings", "brandVoice"],
        message: "Required when personality is brand_voice",
      });
    }
  });

/** A webhook may not point at a private, loopback or link-local address (the same policy as every outbound fetch). */
function refusePrivateWebhook(env: Env, url: string | null | undefined): void {
  if (!url) return;
  const refusal = refuseUrl(new URL(url), loopbackAllowance(env.ALLOW_LOOPBACK_FETCH));
  if (refusal)
    throw new ApiError(400, "invalid_body", "The request body is invalid", {
      "settings.handoff.webhookUrl": refusal.message,
    });
}

/** `settings.avatar` must name an image uploaded for this agent (`POST /api/agents/:id/avatar`), or the widget would show a broken one. */
async function refuseUnknownAvatar(env: Env, agentId: string, avatar: string | undefined): Promise<void> {
  if (avatar === undefined || (await avatarExists(env, agentId, avatar))) return;
  throw new ApiError(400, "invalid_body", "The request body is invalid", {
    "settings.avatar": "No such avatar was uploaded for this agent (POST /api/agents/:id/avatar)",
  });
}

/** CRM access may only name contact properties that exist (`GET /api/contact-properties`). */
async function refuseUnknownProperties(env: Env, crm: CrmSettings | undefined): Promise<void> {
  const names = Object.keys(crm?.properties ?? {});
  if (names.length === 0) return;
  const known = new Set((await listDefinitions(env)).map((d) => d.name));
  const unknown = names.filter((n) => !known.has(n));
  if (unknown.length === 0) return;
  throw new ApiError(
    400,
    "invalid_body",
    "The request body is invalid",
    Object.fromEntries(unknown.map((n) => [`settings.crm.properties.${n}`, "No such contact property"])),
  );
}

/** Handoff routing must name a team or staff member that exists, or every handoff would quietly go to the fallback. */
async function refuseUnknownRoutingTarget(env: Env, routing: Routing | undefined): Promise<void> {
  if (!routing || (await routingTargetExists(env, routing))) return;
  throw new ApiError(
    400,
    "invalid_body",
    "The request body is invalid",
    routing.type === "team"
      ? { "settings.handoff.routing.teamId": "No such team (GET /api/teams)" }
      : { "settings.handoff.routing.staffId": "No such staff member (GET /api/staff)" },
  );
}

const declare = routeSpecs("Agents");
const params = { id: agentIdPath };

export const agentConfigRoutes = new Hono<AppEnv>()
  .get(
    "/agents/:id",
    declare({ summary: "Read an agent", params, response: { description: AGENT_VIEW } }),
    async (c) => {
      const db = database(c.env);
      return c.json(await agentView(db, await requireAgent(db, agentIdParam(c))));
    },
  )
  /** Saves a new version: a new agent is created and published; an existing one gets a draft. */
  .put(
    "/agents/:id",
    declare({
      summary: "Create (and publish) an agent, or save a draft of an existing one",
      description:
        "Replaces the whole configuration: send every field to keep. A new agent answers 201 and is live " +
        "at once; an existing one gets a draft (200) until published. `warnings` lists settings weaker " +
        "than recommended.",
      params,
      body: agentBody,
      response: { description: `${AGENT_VIEW}, and warnings when there are any` },
    }),
    async (c) => {
      const id = agentIdParam(c);
      const body = c.req.valid("json");
      refusePrivateWebhook(c.env, body.settings?.handoff?.webhookUrl);
      await refuseUnknownAvatar(c.env, id, body.settings?.avatar);
      await refuseUnknownProperties(c.env, body.settings?.crm);
      await refuseUnknownRoutingTarget(c.env, body.settings?.handoff?.routing);
      refuseProblems(actionsProblems(c.env, body.settings?.actions ?? [], body.settings?.crm, "settings.actions."));
      await refuseInvalidGoal(c.env, body.settings?.goal);
      const config: AgentConfig = {
        name: body.name,
        personality: body.personality,
        greeting: body.greeting,
        settings: body.settings ?? {},
      };
      const db = database(c.env);
      const { created } = await saveAgentVersion(db, id, config);
      if (created) await purgeWidgetConfig(new URL(c.req.url).origin, id);
      await pruneActionCredentials(c.env, id); // an action the new version dropped no longer needs its credential
      // Saved, but the admin is told where the settings are weaker than recommended.
      const warnings = [
        ...(body.settings?.allowedOrigins?.length ? [] : [ANY_SITE_WARNING]),
        ...(body.settings?.crm ? crmWarnings(body.settings.crm) : []),
      ];
      return c.json(
        { ...(await agentView(db, await requireAgent(db, id))), ...(warnings.length ? { warnings } : {}) },
        created ? 201 : 200,
      );
    },
  );
