/**
 * What an action is (`settings.actions`, versioned with the rest of the agent's configuration):
 * when the agent should use it (description, trigger phrases), the inputs it collects from the
 * visitor or from readable CRM properties, the HTTP request it makes (the URL's origin is fixed;
 * inputs fill its path and query and string values of a JSON body), how it authenticates (the
 * credential itself is sealed in D1 by worker/actions/credentials.ts, never here), the identity
 * check it needs, whether it only reads or also writes (a write waits for the visitor's yes), and
 * which fields of the JSON response the agent may use.
 */
import { z } from "zod";
import { PROTECTION_LEVELS } from "../crm/access-settings";
import { propertyNameSchema } from "../crm/definitions";
import { patternSchema } from "../lib/slow-pattern";

export const MAX_ACTIONS = 20;
export const MAX_ACTION_INPUTS = 10;
const MAX_TRIGGER_PHRASES = 10;
const MAX_HEADERS = 20;
const MAX_RESPONSE_FIELDS = 20;
export const MAX_BODY_TEMPLATE_CHARS = 10_000;
export const DEFAULT_ACTION_TIMEOUT_MS = 10_000;
const MIN_ACTION_TIMEOUT_MS = 1_000;
const MAX_ACTION_TIMEOUT_MS = 30_000; // a visitor is waiting for the answer
/** The part of a template an input fills: `{{order_number}}`. */
export const PLACEHOLDER = /\{\{\s*([a-z][a-z0-9_]{0,39})\s*\}\}/g;

export const ACTION_INPUT_TYPES = ["text", "number", "email", "date"] as const;
export type ActionInputType = (typeof ACTION_INPUT_TYPES)[number];
export const ACTION_RISKS = ["read", "write"] as const;
export type ActionRisk = (typeof ACTION_RISKS)[number];

const slug = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,39}$/, "Use 1–40 lower-case letters, digits and underscores, starting with a letter");
/** A header name (RFC 9110 token); values never take inputs, so nothing a visitor types reaches a header. */
const headerName = z.string().regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,64}$/, "Must be an HTTP header name");
const headerValue = z
  .string()
  .max(1_000)
  .regex(/^[^\r\n]*$/, "A header value is one line");

export const actionInputSchema = z.strictObject({
  /** The placeholder name in templates (`{{name}}`) and the tool parameter's name. */
  name: slug,
  /** What the agent calls it when asking ("order number"). */
  label: z.string().trim().min(1).max(80),
  type: z.enum(ACTION_INPUT_TYPES).default("text"),
  /** How the value should look, told to the visitor when asking and to the model ("the 4–8 digits on your receipt"). */
  instructions: z.string().trim().max(300).optional(),
  required: z.boolean().default(true),
  /** The whole value must match it (after trimming). */
  pattern: patternSchema.optional(),
  /** Filled from this contact property instead of asking, when the agent may read it and its check passes. */
  fromProperty: propertyNameSchema.optional(),
});
export type ActionInput = z.infer<typeof actionInputSchema>;

export const actionAuthSchema = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("none") }),
  /** `Authorization: Bearer <credential>`. */
  z.strictObject({ kind: z.literal("bearer") }),
  /** `Authorization: Basic base64(username:<credential>)`. */
  z.strictObject({
    kind: z.literal("basic"),
    username: z
      .string()
      .min(1)
      .max(200)
      .regex(/^[^:\r\n]*$/, "No colon or line break"),
  }),
  /** `<header>: <credential>`. */
  z.strictObject({ kind: z.literal("api_key_header"), header: headerName }),
  /** `?<param>=<credential>` on the URL. */
  z.strictObject({
    kind: z.literal("api_key_query"),
    param: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, "Must be a query parameter name"),
  }),
]);
export type ActionAuth = z.infer<typeof actionAuthSchema>;

export const actionRequestSchema = z.strictObject({
  method: z.enum(["GET", "POST"]),
  /** `https://api.example.com/orders/{{order_number}}?expand=items`: inputs fill the path and query only. */
  url: z.string().trim().min(1).max(2_000),
  headers: z
    .record(headerName, headerValue)
    .default({})
    .refine((h) => Object.keys(h).length <= MAX_HEADERS, `At most ${MAX_HEADERS} headers`),
  /** A JSON document whose string values may hold placeholders (POST only). */
  body: z.string().max(MAX_BODY_TEMPLATE_CHARS).optional(),
});
export type ActionRequest = z.infer<typeof actionRequestSchema>;

export const responseFieldSchema = z.strictObject({
  /** A JSON path into the response: `$.status`, `$.items[0].name`, `$.shipment.eta`. */
  path: z
    .string()
    .regex(/^\$(\.[A-Za-z_][A-Za-z0-9_-]*|\[\d{1,4}\])*$/, "Use a path like $.order.status or $.items[0].name")
    .max(200),
  /** How the answer names it ("Status"). */
  label: z.string().trim().min(1).max(80),
});
export type ResponseField = z.infer<typeof responseFieldSchema>;

export const actionSchema = z.strictObject({
  /** Stable id (`act_…`, given by the API): credentials and call logs refer to it. */
  id: z.string().regex(/^act_[A-Za-z0-9_-]{6,40}$/),
  /** The tool name models see and the name the console shows. */
  name: slug,
  /** When the agent should use it; models read it. */
  description: z.string().trim().min(1).max(500),
  /** Phrases that start it with the offline model (and hint models). */
  triggerPhrases: z.array(z.string().trim().min(2).max(100)).max(MAX_TRIGGER_PHRASES).default([]),
  inputs: z.array(actionInputSchema).max(MAX_ACTION_INPUTS).default([]),
  request: actionRequestSchema,
  auth: actionAuthSchema.default({ kind: "none" }),
  protection: z.enum(PROTECTION_LEVELS).default("none"),
  risk: z.enum(ACTION_RISKS).default("read"),
  response: z
    .strictObject({ fields: z.array(responseFieldSchema).max(MAX_RESPONSE_FIELDS).default([]) })
    .default({ fields: [] }),
  timeoutMs: z.number().int().min(MIN_ACTION_TIMEOUT_MS).max(MAX_ACTION_TIMEOUT_MS).default(DEFAULT_ACTION_TIMEOUT_MS),
  enabled: z.boolean().default(true),
});
export type Action = z.infer<typeof actionSchema>;

export const actionsSchema = z.array(actionSchema).max(MAX_ACTIONS);

/** The agent's actions as saved (an agent saved before actions existed has none). */
export function actionsOf(settings: { actions?: unknown } | undefined): Action[] {
  const parsed = actionsSchema.safeParse(settings?.actions ?? []);
  return parsed.success ? parsed.data : [];
}
