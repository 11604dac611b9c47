/** Admin routes for uploaded files: upload one or more (each becomes a file source, ingested in the background) and list them. */
import { Hono } from "hono";
import type { AppEnv } from "../lib/app-env";
import { listFiles, MAX_FILE_BYTES, uploadFile } from "../knowledge/files";
import { ApiError } from "../lib/errors";
import { existingAgentId } from "../lib/params";

const MAX_FILES_PER_UPLOAD = 50; // a folder at a time; more go in further requests
const MAX_UPLOAD_BYTES = MAX_FILES_PER_UPLOAD * MAX_FILE_BYTES;

export const fileRoutes = new Hono<AppEnv>()
  .post("/agents/:id/files", async (c) => {
    const agentId = await existingAgentId(c);
    if (Number(c.req.header("content-length") ?? "0") > MAX_UPLOAD_BYTES)
      throw new ApiError(413, "body_too_large", "The upload is too large");
    if (!c.req.header("content-type")?.startsWith("multipart/form-data")) {
      throw new ApiError(
        415,
        "unsupported_media_type",
        "Upload files as multipart/form-data with one or more `file` fields",
      );
    }
    let form: FormData;
    try {
      form = await c.req.formData();
    } catch {
      throw new ApiError(400, "invalid_body", "The multipart body could not be read");
    }
    const uploads = form.getAll("file").filter((value): value is File => typeof value !== "string");
    if (uploads.length === 0)
      throw new ApiError(400, "invalid_body", "No `file` field in the upload", { file: "Required" });
    if (uploads.length > MAX_FILES_PER_UPLOAD)
      throw new ApiError(400, "invalid_body", `At most ${MAX_FILES_PER_UPLOAD} files per upload`);
    const items = [];
    for (const upload of uploads) items.push(await uploadFile(c.env, agentId, upload));
    const stored = items.filter((item) => "file" in item).length;
    return c.json({ items }, stored > 0 ? 201 : 400);
  })
  .get("/agents/:id/files", async (c) => {
    const agentId = await existingAgentId(c);
    return c.json({ items: await listFiles(c.env, agentId) });
  });
