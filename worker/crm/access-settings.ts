/**
 * The agent's "CRM data" settings (`settings.crm`): per property, whether the agent may read it
 * (show) and update it (edit), the identity check each needs, and the admin's instructions; how
 * long verification links last and how long a verified visitor stays verified; and the key that
 * signs host-site identity tokens (JWT).
 */
import { z } from "zod";
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

export const hostIdentitySettingsSchema = z.strictObject({
  /** PEM (SPKI) public key for RS256 or ES256 identity tokens; HS256 tokens are signed with the agent's identity secret. */
  jwtPublicKey: z.string().trim().min(1).max(4_000).optional(),
  /** When set, a token's `iss` must equal it. */
  jwtIssuer: z.string().trim().min(1).max(200).optional(),
  /** When set, a token's `aud` must include it. */
  jwtAudience: z.string().trim().min(1).max(200).optional(),
});

export const crmSettingsSchema = z
  .strictObject({
    properties: z.record(propertyNameSchema, propertyAccessSchema).default({}),
    verificationLinkMinutes: z.number().int().min(5).max(1_440).default(DEFAULT_VERIFICATION_LINK_MINUTES),
    verifiedVisitorDays: z.number().int().min(0).max(365).default(DEFAULT_VERIFIED_VISITOR_DAYS),
    identity: hostIdentitySettingsSchema.default({}),
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

/** The agent's CRM settings with defaults; settings that no longer parse grant nothing. */
export function crmSettingsOf(settings: { crm?: unknown }): CrmSettings {
  const parsed = crmSettingsSchema.safeParse(settings.crm ?? {});
  return parsed.success ? parsed.data : crmSettingsSchema.parse({});
}

/** What the admin API warns about when settings are saved: edits guarded by less than a verified email. */
export function crmWarnings(crm: CrmSettings): string[] {
  return Object.entries(crm.properties).flatMap(([name, access]) => {
    if (!access.edit || access.editProtection === "verify_email") return [];
    return access.editProtection === "match_email"
      ? [
          `settings.crm.properties.${name}: match_email only compares a typed address with an earlier verification; verify_email is recommended for edits`,
        ]
      : [
          `settings.crm.properties.${name}: edits without any identity check let anyone who knows an address change this property`,
        ];
  });
}
