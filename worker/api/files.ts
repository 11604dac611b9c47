/**
 * Admin routes for uploaded files: upload one or more (each becomes a file source, ingested in the
 * background), list them, and make one a source again after its source was deleted. Uploads are
 * read as a stream (lib/multipart.ts): one file in memory at a time, each under the file cap, the
 * whole request under the request cap; a refused request stores nothing.
 */
import { Hono } from "hono";
import type { AppEnv } from "../lib/app-env";
import {
  discardUpload,
  listFiles,
  MAX_FILE_BYTES,
  registerUpload,
  sourceFromFile,
  type StoredUpload,
  storeUpload,
  type UploadResult,
} from "../knowledge/files";
import { ApiError, notFound } from "../lib/errors";
import { multipartBoundary, multipartParts } from "../lib/multipart";
import { agentIdPath, anyIdPath, existingAgentId } from "../lib/params";
import { routeSpecs } from "../lib/route-spec";

const MAX_FILES_PER_UPLOAD = 50; // a folder at a time; more go in further requests
/** Cloudflare refuses request bodies over 100 MB on Free and Pro plans anyway; the cap holds on any plan. */
const MAX_UPLOAD_BYTES = 100 * 1024 * 1024;

const declare = routeSpecs("Files");
const params = { id: agentIdPath };

export const fileRoutes = new Hono<AppEnv>()
  .post(
    "/agents/:id/files",
    declare({
      summary: "Upload documents; each becomes a file source, indexed in the background",
      params,
      rawBody: {
        description:
          `One or more \`file\` fields (at most ${MAX_FILES_PER_UPLOAD}), each at most ${MAX_FILE_BYTES} ` +
          `bytes, ${MAX_UPLOAD_BYTES} bytes in all`,
        content: {
          "multipart/form-data": {
            type: "object",
            required: ["file"],
            properties: {
              file: { type: "array", items: { type: "string", contentMediaType: "application/octet-stream" } },
            },
          },
        },
      },
      response: {
        status: 201,
        description:
          "{ items: [{ file, source } or { name, error }] }: 201 when at least one file was stored, else 400 with the same items",
      },
    }),
    async (c) => {
      const agentId = await existingAgentId(c);
      const boundary = multipartBoundary(c.req.header("content-type"));
      if (!boundary) {
        throw new ApiError(
          415,
          "unsupported_media_type",
          "Upload files as multipart/form-data with one or more `file` fields",
        );
      }
      // Files go to R2 as they arrive; their rows and sources are written only once the whole body
      // was read, so a request refused part-way (too large, malformed, too many files) removes them.
      const results: (StoredUpload | Extract<UploadResult, { error: unknown }>)[] = [];
      try {
        const parts = multipartParts(c.req.raw, boundary, { maxBytes: MAX_UPLOAD_BYTES, maxPartBytes: MAX_FILE_BYTES });
        for await (const part of parts) {
          if (part.field !== "file" || part.filename === null) continue;
          if (results.length === MAX_FILES_PER_UPLOAD)
            throw new ApiError(400, "invalid_body", `At most ${MAX_FILES_PER_UPLOAD} files per upload`);
          results.push(
            await storeUpload(c.env, agentId, {
              name: part.filename,
              contentType: part.contentType,
              bytes: part.bytes,
              size: part.size,
            }),
          );
        }
      } catch (error) {
        await Promise.all(results.filter((r): r is StoredUpload => "row" in r).map((r) => discardUpload(c.env, r)));
        throw error;
      }
      if (results.length === 0)
        throw new ApiError(400, "invalid_body", "No `file` field in the upload", { file: "Required" });
      const items: UploadResult[] = [];
      for (const result of results) items.push("row" in result ? await registerUpload(c.env, agentId, result) : result);
      const stored = items.filter((item) => "file" in item).length;
      return c.json({ items }, stored > 0 ? 201 : 400);
    },
  )
  .get(
    "/agents/:id/files",
    declare({
      summary: "List uploaded files",
      params,
      response: { description: "{ items: [{ id, agentId, r2Key, name, contentType, size, sha256, createdAt }] }" },
    }),
    async (c) => {
      const agentId = await existingAgentId(c);
      return c.json({ items: await listFiles(c.env, agentId) });
    },
  )
  /** An uploaded file whose source was deleted becomes a source again (ingested in the background). */
  .post(
    "/agents/:id/files/:fid/source",
    declare({
      summary: "Make an uploaded file a source again, after its source was deleted",
      params: { ...params, fid: anyIdPath("The file's id") },
      response: { status: 201, description: "The new source" },
    }),
    async (c) => {
      const agentId = await existingAgentId(c);
      const made = await sourceFromFile(c.env, agentId, c.req.param("fid"));
      if (!made) throw notFound("File");
      if ("already" in made)
        throw new ApiError(409, "already_a_source", "This file is already a source", { sourceId: made.already.id });
      return c.json(made.source, 201);
    },
  );
