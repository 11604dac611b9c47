/**
 * A custom channel's signed request: the deployment its URL names, the raw body read under a cap,
 * the `Frontdesk-Signature` checked on those exact bytes with the deployment's signing secret (in
 * constant time, within five minutes either way), and only then the body parsed and validated.
 * A refused request is answered with what was wrong and nothing is stored.
 */
import type { Context } from "hono";
import type { z } from "zod";
import { SIGNATURE_HEADER, checkWebhookSignature, type SignatureRefusal } from "../../handoff/webhook-signature";
import type { AppEnv } from "../../lib/app-env";
import { readBodyText } from "../../lib/body";
import { ApiError, fieldErrors } from "../../lib/errors";
import { CUSTOM } from "../../protocol/channels";
import { findDeployment, type OpenDeployment } from "../deployments/store";

/** A message of 4,000 characters, escaped, with its envelope fits easily; reading stops past this. */
export const MAX_CUSTOM_BODY_BYTES = 32 * 1024;
const CHANNEL_ID = /^[a-z0-9][a-z0-9-]{0,62}$/; // the slugs the channels API accepts or generates

const REFUSALS: Record<SignatureRefusal, { code: string; message: string }> = {
  missing: { code: "signature_missing", message: `The ${SIGNATURE_HEADER} header is missing` },
  malformed: {
    code: "signature_malformed",
    message: `The ${SIGNATURE_HEADER} header must be t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">`,
  },
  stale: { code: "signature_expired", message: "The signature's timestamp is more than 5 minutes from now" },
  mismatch: { code: "signature_invalid", message: "The signature does not match the body and the signing secret" },
};

export type SignedRequest<T> = { deployment: OpenDeployment; body: T };

/** The deployment named by the URL's `:channelId` (live or removed); 404 when there is none. */
async function customDeployment(env: Env, channelId: string): Promise<OpenDeployment> {
  const deployment = CHANNEL_ID.test(channelId) ? await findDeployment(env, CUSTOM, channelId) : null;
  if (!deployment) throw new ApiError(404, "channel_not_found", "No custom channel has this id");
  return deployment;
}

/** Verifies and parses a signed request to a custom channel; throws the ApiError to answer with otherwise. */
export async function signedRequest<S extends z.ZodType>(
  c: Context<AppEnv>,
  schema: S,
): Promise<SignedRequest<z.infer<S>>> {
  const deployment = await customDeployment(c.env, c.req.param("channelId") ?? "");
  const raw = await readBodyText(c.req.raw, MAX_CUSTOM_BODY_BYTES);
  const secret = deployment.secrets.signingSecret;
  if (!secret) throw new ApiError(401, "signature_invalid", "This channel has no signing secret; set one first");
  const checked = await checkWebhookSignature(secret, c.req.header(SIGNATURE_HEADER) ?? null, raw);
  if (!checked.ok) {
    const refusal = REFUSALS[checked.refusal];
    throw new ApiError(401, refusal.code, refusal.message);
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new ApiError(400, "invalid_json", "The request body is not valid JSON");
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success)
    throw new ApiError(400, "invalid_body", "The request body is invalid", fieldErrors(parsed.error));
  return { deployment, body: parsed.data };
}
