/**
 * Agent avatars: the image check (the real format from the file's first bytes, never its name or
 * declared type), storage in R2 under `avatars/<agentId>/<sha256>.<ext>`, and the public route
 * the widget loads them from. Names are content hashes, so a stored avatar never changes.
 */
import { Hono } from "hono";
import type { AppEnv } from "../../lib/app-env";
import { sha256Hex } from "../../lib/crypto";
import { ApiError, notFound } from "../../lib/errors";
import { AGENT_ID } from "../../lib/params";

/** A header's worth of pixels: a larger file is a photo that was never resized for a 32 px circle. */
export const MAX_AVATAR_BYTES = 512 * 1024;
/** The object name `PUT /api/agents/:id` accepts in `settings.avatar` (the same pattern as its schema). */
export const AVATAR_NAME = /^[0-9a-f]{64}\.(png|jpg|webp|gif)$/;
/** Content-addressed, so browsers and CDNs may keep it for a year without asking again. */
const AVATAR_CACHE_CONTROL = "public, max-age=31536000, immutable";
/** An avatar is only ever an image: even if a browser ignored its type, it may run nothing. */
const AVATAR_CSP = "default-src 'none'; sandbox";

export type ImageType = { ext: "png" | "jpg" | "webp" | "gif"; contentType: string };

const startsWith = (bytes: Uint8Array, signature: readonly number[], at = 0): boolean =>
  signature.every((byte, i) => bytes[at + i] === byte);

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG = [0xff, 0xd8, 0xff];
const GIF87 = [0x47, 0x49, 0x46, 0x38, 0x37, 0x61]; // "GIF87a"
const GIF89 = [0x47, 0x49, 0x46, 0x38, 0x39, 0x61]; // "GIF89a"
const RIFF = [0x52, 0x49, 0x46, 0x46]; // "RIFF", then 4 size bytes, then "WEBP"
const WEBP = [0x57, 0x45, 0x42, 0x50];
const WEBP_TAG_OFFSET = 8;

/**
 * The image format the bytes really are: PNG, JPEG, WebP or GIF, or null for anything else.
 * SVG is not among them on purpose: it is XML that can carry script.
 */
export function sniffImage(bytes: Uint8Array): ImageType | null {
  if (startsWith(bytes, PNG)) return { ext: "png", contentType: "image/png" };
  if (startsWith(bytes, JPEG)) return { ext: "jpg", contentType: "image/jpeg" };
  if (startsWith(bytes, GIF87) || startsWith(bytes, GIF89)) return { ext: "gif", contentType: "image/gif" };
  if (startsWith(bytes, RIFF) && startsWith(bytes, WEBP, WEBP_TAG_OFFSET))
    return { ext: "webp", contentType: "image/webp" };
  return null;
}

const avatarKey = (agentId: string, name: string): string => `avatars/${agentId}/${name}`;

/** Where the widget loads an avatar from: a public, same-origin URL. */
export function avatarUrl(origin: string, agentId: string, name: string): string {
  return `${origin}/v1/agents/${encodeURIComponent(agentId)}/avatar/${encodeURIComponent(name)}`;
}

/** Checks and stores an uploaded avatar; returns its object name. Refused images store nothing. */
export async function storeAvatar(env: Env, agentId: string, bytes: Uint8Array): Promise<string> {
  if (bytes.byteLength === 0) throw new ApiError(400, "empty_file", "The avatar file is empty");
  if (bytes.byteLength > MAX_AVATAR_BYTES) throw avatarTooLarge();
  const type = sniffImage(bytes);
  if (!type)
    throw new ApiError(
      400,
      "unsupported_image",
      "The avatar must be a PNG, JPEG, WebP or GIF image (SVG is not accepted)",
      { file: "Not a PNG, JPEG, WebP or GIF image" },
    );
  const name = `${await sha256Hex(bytes)}.${type.ext}`;
  await env.FILES.put(avatarKey(agentId, name), bytes, {
    httpMetadata: { contentType: type.contentType, cacheControl: AVATAR_CACHE_CONTROL },
  });
  return name;
}

/** Deletes every avatar an agent uploaded (the agent is being deleted). */
export async function removeAvatars(env: Env, agentId: string): Promise<void> {
  let cursor: string | undefined;
  do {
    const listed = await env.FILES.list({ prefix: avatarKey(agentId, ""), cursor });
    if (listed.objects.length > 0) await env.FILES.delete(listed.objects.map((object) => object.key));
    cursor = listed.truncated ? listed.cursor : undefined;
  } while (cursor);
}

export const avatarTooLarge = (): ApiError =>
  new ApiError(413, "image_too_large", `The avatar is larger than ${MAX_AVATAR_BYTES / 1024} KB`, {
    maxBytes: MAX_AVATAR_BYTES,
  });

/** Whether `name` was uploaded for this agent (what `PUT /api/agents/:id` requires of `settings.avatar`). */
export async function avatarExists(env: Env, agentId: string, name: string): Promise<boolean> {
  if (!AVATAR_NAME.test(name)) return false;
  return (await env.FILES.head(avatarKey(agentId, name))) !== null;
}

/** `GET /v1/agents/:agentId/avatar/:name`: public, like the widget config that names it. */
export const avatarRoutes = new Hono<AppEnv>().get("/agents/:agentId/avatar/:name", async (c) => {
  const agentId = c.req.param("agentId");
  const name = c.req.param("name");
  if (!AGENT_ID.test(agentId) || !AVATAR_NAME.test(name)) throw notFound("Avatar");
  const object = await c.env.FILES.get(avatarKey(agentId, name));
  if (!object) throw notFound("Avatar");
  return new Response(object.body, {
    headers: {
      "content-type": object.httpMetadata?.contentType ?? "application/octet-stream",
      "content-length": String(object.size),
      "cache-control": AVATAR_CACHE_CONTROL,
      "x-content-type-options": "nosniff",
      "content-security-policy": AVATAR_CSP,
      etag: object.httpEtag,
    },
  });
});
