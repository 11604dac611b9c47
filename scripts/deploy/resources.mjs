// The Cloudflare resources a deployment binds — D1 database, R2 bucket, queues, Vectorize index — each looked up first
// and created only when missing, so every run can be repeated and a second one creates nothing. Output formats were
// read from wrangler 4.164.0: `d1 list --json` and `vectorize list --json` print JSON arrays; `r2 bucket list` prints
// `name:` / `creation_date:` blocks; `queues info NAME` fails with `Queue "NAME" does not exist.` (used instead of
// `queues list`, whose table is paged).
import { z } from "zod";
import { jsonOf } from "./wrangler.mjs";

const D1List = z.array(z.object({ uuid: z.string().min(1), name: z.string() }).loose());
const VectorizeList = z.array(
  z.object({ name: z.string(), config: z.object({ dimensions: z.number(), metric: z.string() }).loose() }).loose(),
);

/** @typedef {ReturnType<typeof import("./wrangler.mjs").createWrangler>} Wrangler */

/**
 * The D1 database's id, creating the database when the account has none of that name.
 * @param {Wrangler} wrangler
 * @param {string} name
 * @returns {{ id: string, created: boolean }}
 */
export function ensureD1(wrangler, name) {
  const find = () => D1List.parse(jsonOf(wrangler.run(["d1", "list", "--json"]).stdout)).find((db) => db.name === name);
  const existing = find();
  if (existing) return { id: existing.uuid, created: false };
  wrangler.run(["d1", "create", name]);
  // The id is read back from the list rather than from create's printed config snippet, whose shape changes.
  const created = find();
  if (!created) throw new Error(`wrangler d1 create ${name} succeeded but the database is not listed`);
  return { id: created.uuid, created: true };
}

/**
 * Creates the R2 bucket unless it exists.
 * @param {Wrangler} wrangler
 * @param {string} name
 * @returns {{ created: boolean }}
 */
export function ensureR2Bucket(wrangler, name) {
  const listed = wrangler.run(["r2", "bucket", "list"]).stdout;
  const names = [...listed.matchAll(/^name:\s+(\S+)\s*$/gm)].map((match) => match[1]);
  if (names.includes(name)) return { created: false };
  wrangler.run(["r2", "bucket", "create", name]);
  return { created: true };
}

/**
 * Creates the queue unless it exists.
 * @param {Wrangler} wrangler
 * @param {string} name
 * @returns {{ created: boolean }}
 */
export function ensureQueue(wrangler, name) {
  const info = wrangler.run(["queues", "info", name], { allowFailure: true });
  if (info.status === 0) return { created: false };
  if (!info.output.includes(`Queue "${name}" does not exist`))
    throw new Error(`Could not look up queue ${name}:\n${info.output.trim()}`);
  wrangler.run(["queues", "create", name]);
  return { created: true };
}

/**
 * Creates the Vectorize index unless it exists; an existing index of other dimensions is an error (its size is fixed).
 * @param {Wrangler} wrangler
 * @param {string} name
 * @param {number} dimensions
 * @returns {{ created: boolean }}
 */
export function ensureVectorIndex(wrangler, name, dimensions) {
  const indexes = VectorizeList.parse(jsonOf(wrangler.run(["vectorize", "list", "--json"]).stdout));
  const existing = indexes.find((index) => index.name === name);
  if (existing) {
    if (existing.config.dimensions !== dimensions)
      throw new Error(
        `Vectorize index ${name} has ${existing.config.dimensions} dimensions, not ${dimensions}: delete it or choose another embedder`,
      );
    return { created: false };
  }
  wrangler.run(["vectorize", "create", name, "--dimensions", String(dimensions), "--metric", "cosine"]);
  return { created: true };
}
