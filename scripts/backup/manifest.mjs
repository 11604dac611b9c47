// A backup folder's manifest: what the backup holds (the D1 data, the R2 objects, the transcripts),
// counts, and each file's size and sha256. A restore reads nothing before the manifest and every file
// it names check out, so a damaged or partial backup is refused before anything is written.
import { createHash } from "node:crypto";
import { readFileSync, existsSync } from "node:fs";
import { join, normalize } from "node:path";
import { z } from "zod";

export const MANIFEST = "manifest.json";
export const FORMAT = "frontdesk-backup";
export const VERSION = 1;

/** A path inside the backup folder: relative, no `..`, no absolute or odd characters. */
const innerPath = z
  .string()
  .regex(/^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/, "a relative path inside the backup")
  .refine((path) => !path.split("/").includes(".."), "a path inside the backup");

const fileEntry = z.strictObject({ bytes: z.number().int().min(0), sha256: z.string().regex(/^[0-9a-f]{64}$/) });

export const manifestSchema = z.strictObject({
  format: z.literal(FORMAT),
  version: z.literal(VERSION),
  createdAt: z.string().datetime(),
  source: z.enum(["local", "remote"]),
  /** The D1 migrations applied where the backup was taken: a restore needs at least these. */
  migrations: z.array(z.string().min(1).max(200)),
  counts: z.strictObject({
    d1Statements: z.number().int().min(0),
    objects: z.number().int().min(0),
    conversations: z.number().int().min(0),
    events: z.number().int().min(0),
  }),
  files: z.record(innerPath, fileEntry),
  objects: z.array(
    z.strictObject({
      key: z.string().min(1).max(1024),
      file: innerPath,
      contentType: z.string().max(200).nullable(),
    }),
  ),
});

export const sha256 = (bytes) => createHash("sha256").update(bytes).digest("hex");

/** The manifest entry of a file's bytes. */
export const fileEntryOf = (bytes) => ({ bytes: bytes.length, sha256: sha256(bytes) });

/**
 * Reads and checks a backup folder: the manifest parses, every file it names exists with its size and hash,
 * and every object's file is among them. Throws an Error saying what is wrong; returns the manifest.
 */
export function verifyBackup(dir) {
  const manifestPath = join(dir, MANIFEST);
  if (!existsSync(manifestPath)) throw new Error(`${manifestPath} is missing: this is not a Frontdesk backup folder`);
  let raw;
  try {
    raw = JSON.parse(readFileSync(manifestPath, "utf8"));
  } catch (error) {
    throw new Error(`${manifestPath} is damaged (not JSON: ${error.message})`);
  }
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`);
    throw new Error(`${manifestPath} is damaged or from another version:\n  ${issues.slice(0, 10).join("\n  ")}`);
  }
  const manifest = parsed.data;
  for (const [name, entry] of Object.entries(manifest.files)) {
    const path = join(dir, normalize(name));
    if (!existsSync(path)) throw new Error(`${name} is listed in the manifest but missing from the backup`);
    const bytes = readFileSync(path);
    if (bytes.length !== entry.bytes || sha256(bytes) !== entry.sha256)
      throw new Error(`${name} does not match its sha256 in the manifest: the backup is damaged`);
  }
  for (const required of ["d1.sql", "transcripts.jsonl"])
    if (!manifest.files[required]) throw new Error(`the manifest lists no ${required}`);
  const missing = manifest.objects.find((object) => !manifest.files[object.file]);
  if (missing) throw new Error(`the object ${missing.key} has no file entry in the manifest`);
  return manifest;
}
