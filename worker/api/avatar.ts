/**
 * `POST /api/agents/:id/avatar`: upload the agent's avatar as multipart/form-data with one `file`
 * field. The answer names the stored image; setting it in `settings.avatar` (PUT, then publish)
 * is what shows it in the widget, so an avatar change follows draft and publish like any other.
 * The body is read as a stream under a cap (lib/multipart.ts): a larger one is refused part-way.
 */
import { Hono } from "hono";
import type { AppEnv } from "../lib/app-env";
import { avatarTooLarge, avatarUrl, MAX_AVATAR_BYTES, storeAvatar } from "../channels/live-chat/avatars";
import { ApiError } from "../lib/errors";
import { type MultipartPart, multipartBoundary, multipartParts } from "../lib/multipart";
import { agentIdPath, existingAgentId } from "../lib/params";
import { routeSpecs } from "../lib/route-spec";

const MULTIPART_OVERHEAD_BYTES = 16 * 1024; // boundaries and part headers around the one file

const declare = routeSpecs("Agents");

export const avatarUploadRoutes = new Hono<AppEnv>().post(
  "/agents/:id/avatar",
  declare({
    summary: "Upload the agent's avatar",
    description: "Set the answer's `avatar` in settings.avatar (PUT the agent, then publish) to show it in the widget.",
    params: { id: agentIdPath },
    rawBody: {
      description: `One image in a \`file\` field: PNG, JPEG, WebP or GIF (judged by its bytes), at most ${MAX_AVATAR_BYTES} bytes`,
      content: {
        "multipart/form-data": {
          type: "object",
          required: ["file"],
          properties: { file: { type: "string", contentMediaType: "application/octet-stream" } },
        },
      },
    },
    response: { status: 201, description: "{ avatar, url }: the stored image's name and where the widget loads it" },
  }),
  async (c) => {
    const agentId = await existingAgentId(c);
    const boundary = multipartBoundary(c.req.header("content-type"));
    if (!boundary) {
      throw new ApiError(
        415,
        "unsupported_media_type",
        "Upload the avatar as multipart/form-data with one `file` field",
      );
    }
    const files: MultipartPart[] = [];
    const limits = { maxBytes: MAX_AVATAR_BYTES + MULTIPART_OVERHEAD_BYTES, maxPartBytes: MAX_AVATAR_BYTES };
    try {
      for await (const part of multipartParts(c.req.raw, boundary, limits)) {
        if (part.field === "file" && part.filename !== null) files.push(part);
      }
    } catch (error) {
      // Past the request's cap the avatar is too large, whatever else the body held.
      if (error instanceof ApiError && error.code === "body_too_large") throw avatarTooLarge();
      throw error;
    }
    const [upload] = files;
    if (!upload) throw new ApiError(400, "invalid_body", "No `file` field in the upload", { file: "Required" });
    if (files.length > 1)
      throw new ApiError(400, "invalid_body", "Upload one avatar at a time", { file: "Only one file" });
    if (!upload.bytes) throw avatarTooLarge();
    const avatar = await storeAvatar(c.env, agentId, upload.bytes);
    return c.json({ avatar, url: avatarUrl(new URL(c.req.url).origin, agentId, avatar) }, 201);
  },
);
