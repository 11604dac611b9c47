/**
 * What connecting each channel takes: its address (what routes inbound messages to the agent), its
 * non-secret settings and its secrets, as zod schemas for the channels API. The Graph API base URL
 * is configurable so tests (and proxies) can stand in for Meta; every outbound call still passes the
 * fetch guard.
 */
import { z } from "zod";
import { CUSTOM, EMAIL, MESSENGER, WHATSAPP, type DeployableChannel } from "../../protocol/channels";

export const DEFAULT_GRAPH_BASE_URL = "https://graph.facebook.com/v21.0";
const MAX_SECRET_CHARS = 1_000;

const secret = (description: string) => z.string().trim().min(8).max(MAX_SECRET_CHARS).describe(description);
const httpsUrl = (description: string) =>
  z
    .url({ protocol: /^https?$/ })
    .max(2_000)
    .describe(description);
const numericId = (description: string) =>
  z
    .string()
    .regex(/^\d{1,32}$/, "Digits only, as the platform shows it")
    .describe(description);

/** The secrets each channel keeps, by name; write-only in the API. */
export const SECRET_NAMES: Record<DeployableChannel, readonly string[]> = {
  [EMAIL]: [],
  [WHATSAPP]: ["accessToken", "appSecret", "verifyToken"],
  [MESSENGER]: ["accessToken", "appSecret", "verifyToken"],
  [CUSTOM]: ["signingSecret"],
};
/** The non-secret settings each channel keeps, by name. */
export const CONFIG_NAMES: Record<DeployableChannel, readonly string[]> = {
  [EMAIL]: [],
  [WHATSAPP]: ["graphBaseUrl"],
  [MESSENGER]: ["graphBaseUrl"],
  [CUSTOM]: ["deliveryUrl"],
};

const metaFields = {
  graphBaseUrl: httpsUrl(`The Graph API base URL; default ${DEFAULT_GRAPH_BASE_URL}`).optional(),
  accessToken: secret("The access token replies are sent with"),
  appSecret: secret("The app secret that signs webhook deliveries (X-Hub-Signature-256)"),
  verifyToken: secret("The token Meta's webhook verification handshake must present"),
};

export const deployBody = z.discriminatedUnion("channel", [
  z.strictObject({
    channel: z.literal(EMAIL),
    address: z.email().max(254).toLowerCase().describe("The inbound address mail to the agent is sent to"),
  }),
  z.strictObject({ channel: z.literal(WHATSAPP), address: numericId("The WhatsApp phone number id"), ...metaFields }),
  z.strictObject({ channel: z.literal(MESSENGER), address: numericId("The Facebook page id"), ...metaFields }),
  z.strictObject({
    channel: z.literal(CUSTOM),
    address: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, "A lowercase slug")
      .optional()
      .describe("The custom channel's id (a slug); generated when left out"),
    deliveryUrl: httpsUrl("Where the agent's replies are POSTed, signed"),
    signingSecret: secret("Signs messages both ways; generated (and shown once) when left out").optional(),
  }),
]);
export type DeployBody = z.infer<typeof deployBody>;

/** A change to a deployment's connection: any of its settings or secrets (a secret given replaces the stored one). */
export const updateBody = z
  .strictObject({
    graphBaseUrl: metaFields.graphBaseUrl,
    accessToken: metaFields.accessToken.optional(),
    appSecret: metaFields.appSecret.optional(),
    verifyToken: metaFields.verifyToken.optional(),
    deliveryUrl: httpsUrl("Where the agent's replies are POSTed, signed").optional(),
    signingSecret: secret("Signs messages both ways").optional(),
  })
  .refine((body) => Object.keys(body).length > 0, { message: "Nothing to change" });
export type UpdateBody = z.infer<typeof updateBody>;

/** Splits a request's fields into the channel's settings and secrets; fields the channel does not have are refused. */
export function connectionFields(
  channel: DeployableChannel,
  fields: Record<string, unknown>,
): { config: Record<string, string>; secrets: Record<string, string>; unknown: string[] } {
  const config: Record<string, string> = {};
  const secrets: Record<string, string> = {};
  const unknown: string[] = [];
  for (const [name, value] of Object.entries(fields)) {
    if (name === "channel" || name === "address" || typeof value !== "string") continue;
    if (CONFIG_NAMES[channel].includes(name)) config[name] = value;
    else if (SECRET_NAMES[channel].includes(name)) secrets[name] = value;
    else unknown.push(name);
  }
  return { config, secrets, unknown };
}
