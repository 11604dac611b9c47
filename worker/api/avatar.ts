/**
 * `POST /api/agents/:id/avatar`: upload the agent's avatar as multipart/form-data with one `file`
 * field. The answer names the stored image; setting it in `settings.avatar` (PUT, then publish)
 * is what shows it in the widget, so an avatar change follows draft and publish like any other.
 */
import { Hono } from "hono";
import type { AppEnv } from "../lib/app-env";
import { avatarTooLarge, avatarUrl, MAX_AVATAR_BYTES, storeAvatar } from "../channels/live-chat/avatars";
import { ApiError } from "../lib/errors";
import { existingAgentId } from "../lib/params";

const MULTIPART_OVERHEAD_BYTES = 16 * 1024; // boundaries and part headers around the one file

export const avatarUploadRoutes = new Hono<AppEnv>().post("/agents/:id/avatar", async (c) => {
  const agentId = await existingAgentId(c);
  if (Number(c.req.header("content-length") ?? "0") > MAX_AVATAR_BYTES + MULTIPART_OVERHEAD_BYTES)
    throw avatarTooLarge();
  if (!c.req.header("content-type")?.startsWith("multipart/form-data")) {
    throw new ApiError(415, "unsupported_media_type", "Upload the avatar as multipart/form-data with one `file` field");
  }
  let form: FormData;
  try {
    form = await c.req.formData();
  } catch {
    throw new ApiError(400, "invalid_body", "The multipart body could not be read");
  }
  const files = form.getAll("file").filter((value): value is File => typeof value !== "string");
  const [upload] = files;
  if (!upload) throw new ApiError(400, "invalid_body", "No `file` field in the upload", { file: "Required" });
  if (files.length > 1)
    throw new ApiError(400, "invalid_body", "Upload one avatar at a time", { file: "Only one file" });
  if (upload.size > MAX_AVATAR_BYTES) throw avatarTooLarge();
  const avatar = await storeAvatar(c.env, agentId, new Uint8Array(await upload.arrayBuffer()));
  return c.json({ avatar, url: avatarUrl(new URL(c.req.url).origin, agentId, avatar) }, 201);
});
