/**
 * The agent's "CRM data" settings (`settings.crm`): per property, whether the agent may read it
 * (show) and update it (edit), the identity check each needs, and the admin's instructions; how
 * long verification links last and how long a verified visitor stays verified; and how host-site
 * identity is checked (the JWT key, issuer, audience and maximum age, and whether HMAC hashes of the
 * old form without an issued-at are still accepted).
 */
import { z } from "zod";
import { parsedOnce } from "../lib/frozen";
import { EMAIL_PROPERTY, propertyNameSchema } from "./definitions";
import { DEFAULT_VERIFIED_VISITOR_DAYS } from "./verified-visitors";

export const PROTECTION_LEVELS = ["none", "match_email", "verify_email"] as const;
/** The identity check a property needs before the agent may read or change it (worker/crm/access.ts). */
export type ProtectionLevel = (typeof PROTECTION_LEVELS)[number];
export const DEFAULT_VERIFICATION_LINK_MINUTES = 15;
const MAX_PROPERTIES = 100;
const MAX_INSTRUCTION_CHARS = 500;

const protectionSchema = z.enum(PROTECTION_LEVELS);

export const propertyAccessSchema = z.strictObject({
  show: z.boolean().default(false),
  showProtection: protectionSchema.default("verify_email"),
  edit: z.boolean().default(false),
  /** Edits need a verified email unless the admin says otherwise (and is warned). */
  editProtection: protectionSchema.default("verify_email"),
  /** When and how to use the property ("if they did not receive an invoice, confirm the billing address"). */
  instructions: z.string().trim().max(MAX_INSTRUCTION_CHARS).optional(),
});
export type PropertyAccess = z.infer<typeof propertyAccessSchema>;

export const DEFAULT_JWT_MAX_AGE_SECONDS = 3_600; // an identity token is minted per page view; an hour covers a long visit
const MIN_JWT_MAX_AGE_SECONDS = 60; // shorter would refuse tokens over ordinary clock skew and page-load delays
const MAX_JWT_MAX_AGE_SECONDS = 86_400; // the same day-long bound the HMAC form's issued-at has

export const hostIdentitySettingsSchema = z.strictObject({
  /** PEM (SPKI) public key for RS256 or ES256 identity tokens; HS256 tokens are signed with the agent's identity secret. */
  jwtPublicKey: z.string().trim().min(1).max(4_000).optional(),
  /** When set, a token's `iss` must equal it. */
  jwtIssuer: z.string().trim().min(1).max(200).optional(),
  /** When set, a token's `aud` must include it. */
  jwtAudience: z.string().trim().min(1).max(200).optional(),
  /** A token's `iat` (required) may be at most this many seconds old. */
  jwtMaxAgeSeconds: z
    .number()
    .int()
    .min(MIN_JWT_MAX_AGE_SECONDS)
    .max(MAX_JWT_MAX_AGE_SECONDS)
    .default(DEFAULT_JWT_MAX_AGE_SECONDS),
  /**
   * Also accept hashes of the old form, `userId:email` without an issued-at, which never expire.
   * Off unless saved on; migration 0005 turned it on for agents that had an identity secret before
   * the issued-at existed, so their sites keep working until they move (saving answers a warning).
   */
  allowLegacyHmac: z.boolean().default(false),
});

export const crmSettingsSchema = z
  .strictObject({
    properties: z.record(propertyNameSchema, propertyAccessSchema).default({}),
    verificationLinkMinutes: z.number().int().min(5).max(1_440).default(DEFAULT_VERIFICATION_LINK_MINUTES),
    verifiedVisitorDays: z.number().int().min(0).max(365).default(DEFAULT_VERIFIED_VISITOR_DAYS),
    identity: hostIdentitySettingsSchema.prefault({}),
  })
  .superRefine((crm, ctx) => {
    if (Object.keys(crm.properties).length > MAX_PROPERTIES)
      ctx.addIssue({ code: "custom", path: ["properties"], message: `At most ${MAX_PROPERTIES} properties` });
    if (crm.properties[EMAIL_PROPERTY]?.edit)
      ctx.addIssue({
        code: "custom",
        path: ["properties", EMAIL_PROPERTY, "edit"],
        message: "The email identifies the contact; the agent cannot change it",
      });
  });
export type CrmSettings = z.infer<typeof crmSettingsSchema>;

/**
 * Parsed settings of frozen `settings.crm` objects (the published agent's, shared by every turn of the
 * isolate until the agent changes): parsed once. Settings that can still change are parsed each time.
 */
const parsedSettings = parsedOnce((source): CrmSettings => {
  const parsed = crmSettingsSchema.safeParse(source ?? {});
  return parsed.success ? parsed.data : crmSettingsSchema.parse({});
});

/** The agent's CRM settings with defaults; settings that no longer parse grant nothing. */
export function crmSettingsOf(settings: { crm?: unknown }): CrmSettings {
  return parsedSettings(settings.crm);
}

export const LEGACY_HMAC_WARNING =
  "settings.crm.identity.allowLegacyHmac: identity hashes without an issued-at never expire, so a " +
  "leaked one vouches for its user forever; sign userId:email:issuedAt " +
  "(docs/embedding-the-widget.md) and turn this off";

/** What the admin API warns about when settings are saved: edits guarded by less than a verified email, and legacy identity hashes. */
export function crmWarnings(crm: CrmSettings): string[] {
  const identity = crm.identity.allowLegacyHmac ? [LEGACY_HMAC_WARNING] : [];
  const properties = Object.entries(crm.properties).flatMap(([name, access]) => {
    if (!access.edit || access.editProtection === "verify_email") return [];
    return access.editProtection === "match_email"
      ? [
          `settings.crm.properties.${name}: match_email only compares a typed address with an earlier ` +
            `verification; verify_email is recommended for edits`,
        ]
      : [
          `settings.crm.properties.${name}: edits without any identity check let anyone who knows an address change this property`,
        ];
  });
  return [...properties, ...identity];
}
