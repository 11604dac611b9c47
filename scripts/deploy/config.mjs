// The generated deploy configuration and the deploy state. The committed wrangler.toml stays the local one; the deploy
// config (JSON, which wrangler reads as well as TOML) is that file with the real D1 id, the Vectorize index of the
// configured embedder (or no [[vectorize]] at all on the embedded backend, so no index must exist) and its paths made
// relative to where it is written. The state (ids, the last deployed Durable Object migration) sits beside it. Both
// are git-ignored and hold no secret.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve } from "node:path";
import { z } from "zod";
import { parseToml } from "./toml.mjs";

export const DEFAULT_CONFIG_OUT = ".frontdesk/wrangler.deploy.json";
const STATE_FILE = "deploy-state.json";

const Config = z
  .object({
    name: z.string().min(1),
    main: z.string().min(1),
    assets: z.object({ directory: z.string() }).loose().optional(),
    d1_databases: z
      .array(
        z
          .object({ binding: z.string(), database_name: z.string().min(1), migrations_dir: z.string().optional() })
          .loose(),
      )
      .default([]),
    r2_buckets: z.array(z.object({ binding: z.string(), bucket_name: z.string().min(1) }).loose()).default([]),
    queues: z
      .object({
        producers: z.array(z.object({ queue: z.string().min(1) }).loose()).default([]),
        consumers: z.array(z.object({ queue: z.string().min(1) }).loose()).default([]),
      })
      .loose()
      .optional(),
    vectorize: z.array(z.object({ binding: z.string(), index_name: z.string() }).loose()).optional(),
    migrations: z.array(z.object({ tag: z.string() }).loose()).default([]),
    vars: z.record(z.string(), z.unknown()).default({}),
    ai: z.object({ binding: z.string() }).loose().optional(),
  })
  .loose();

/** @typedef {z.infer<typeof Config>} DeployConfig */

/**
 * Reads and checks the local wrangler.toml.
 * @param {string} path
 * @returns {DeployConfig}
 */
export function readLocalConfig(path) {
  const parsed = Config.safeParse(parseToml(readFileSync(path, "utf8")));
  if (!parsed.success)
    throw new Error(`${path} is not a configuration this script can deploy:\n${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

/** The queue names the configuration produces to or consumes from, once each. */
export const queueNames = (/** @type {DeployConfig} */ config) => [
  ...new Set([...(config.queues?.producers ?? []), ...(config.queues?.consumers ?? [])].map((queue) => queue.queue)),
];

/**
 * The deploy configuration: the local one with real ids and paths that still point at this checkout.
 * @param {DeployConfig} local
 * @param {{ sourceDir: string, outPath: string, d1Ids: Record<string, string>, vectorIndex: string | undefined }} input
 */
export function deployConfig(local, { sourceDir, outPath, d1Ids, vectorIndex }) {
  const outDir = dirname(outPath);
  const moved = (/** @type {string} */ path) =>
    isAbsolute(path) ? path : relative(outDir, resolve(sourceDir, path)) || ".";
  /** @type {Record<string, unknown>} */
  const config = {
    ...local,
    main: moved(local.main),
    d1_databases: local.d1_databases.map((db) => ({
      ...db,
      database_id: d1Ids[db.database_name] ?? db.database_id,
      ...(db.migrations_dir === undefined ? {} : { migrations_dir: moved(db.migrations_dir) }),
    })),
  };
  if (local.assets) config.assets = { ...local.assets, directory: moved(local.assets.directory) };
  if (vectorIndex === undefined) delete config.vectorize;
  else
    config.vectorize = [
      { binding: "VECTORIZE", index_name: vectorIndex },
      ...(local.vectorize ?? []).filter((index) => index.binding !== "VECTORIZE"),
    ];
  return config;
}

/** Writes a file whole or not at all (a crash mid-write leaves the previous one). */
export function writeAtomically(/** @type {string} */ path, /** @type {string} */ text) {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, path);
}

const State = z
  .object({
    worker: z.string().optional(),
    d1: z.record(z.string(), z.string()).default({}),
    r2: z.array(z.string()).default([]),
    queues: z.array(z.string()).default([]),
    vectorIndex: z.string().optional(),
    deployedMigrationTag: z.string().optional(),
    url: z.string().optional(),
  })
  .loose();

/** @typedef {z.infer<typeof State>} DeployState */

/** The state file beside a deploy config. */
export const statePathFor = (/** @type {string} */ configPath) => join(dirname(configPath), STATE_FILE);

/**
 * The saved state, or an empty one on a first run.
 * @param {string} path
 * @returns {DeployState}
 */
export function readState(path) {
  if (!existsSync(path)) return State.parse({});
  const parsed = State.safeParse(JSON.parse(readFileSync(path, "utf8")));
  if (!parsed.success) throw new Error(`${path} is not a deploy state (delete it; the next run rebuilds it)`);
  return parsed.data;
}

/** Saves the state after each step, so a failed run's next run knows what is done. */
export function writeState(/** @type {string} */ path, /** @type {DeployState} */ state) {
  writeAtomically(path, `${JSON.stringify(state, null, 2)}\n`);
}
