// `npm run backup`: copies a deployment into a new folder — D1's rows (wrangler's data-only export), every
// R2 object (uploaded files, avatars; keys listed by the admin API, bytes fetched by wrangler) and every
// conversation's transcript (the admin API's paged export) — with a manifest of counts and sha256 hashes.
//
//   npm run backup -- --url URL --token ADMIN_TOKEN [--local [--persist-to DIR] | --remote [--config FILE]] [--out DIR]
//
// The wrangler command comes from WRANGLER (default: the project's own). Knowledge indexes are not copied:
// a restore rebuilds them from their sources.
import { mkdirSync, readFileSync, rmSync, writeFileSync, appendFileSync, existsSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { pathToFileURL } from "node:url";
import { adminApi, adminOptions } from "./backup/admin.mjs";
import { splitExport } from "./backup/d1-data.mjs";
import { FORMAT, MANIFEST, VERSION, fileEntryOf } from "./backup/manifest.mjs";
import { R2_BUCKET, ROOT, exportD1, targetFlags, wrangler } from "./backup/wrangler.mjs";

const TRANSCRIPT_PAGE = 20; // conversations per request, each with its whole log
const OBJECT_PAGE = 1000;

/**
 * Takes a backup into `out` (a new or empty folder). Returns the manifest.
 * @param {{
 *   url: string, token: string, out: string, target: import("./backup/wrangler.mjs").Target,
 *   log?: (line: string) => void,
 * }} options
 */
export async function backup({ url, token, out, target, log = () => {} }) {
  if (existsSync(out) && readdirSync(out).length > 0) throw new Error(`${out} is not empty: back up into a new folder`);
  mkdirSync(join(out, "objects"), { recursive: true });
  const api = adminApi(url, token);
  const files = {};
  const record = (name, bytes) => {
    files[name] = fileEntryOf(bytes);
  };

  // The API first: a local `wrangler dev` fails the first request after wrangler's export opened its database.
  log("R2: listing the stored files…");
  const listed = [];
  await api.pages("/backup/objects", OBJECT_PAGE, async (page) => {
    listed.push(...page.objects);
  });

  log("Transcripts: exporting every conversation…");
  const transcripts = join(out, "transcripts.jsonl");
  writeFileSync(transcripts, "");
  let conversations = 0;
  let events = 0;
  await api.pages("/backup/transcripts", TRANSCRIPT_PAGE, async (page) => {
    for (const conversation of page.conversations) {
      appendFileSync(transcripts, `${JSON.stringify(conversation)}\n`);
      conversations++;
      events += conversation.events.length;
    }
  });
  record("transcripts.jsonl", readFileSync(transcripts));

  log("D1: exporting the rows…");
  const raw = join(out, "d1-export.tmp.sql");
  exportD1(target, raw, ["--no-schema", "--skip-confirmation"]);
  const { data, migrations, statements } = splitExport(readFileSync(raw, "utf8"));
  rmSync(raw);
  writeFileSync(join(out, "d1.sql"), data);
  record("d1.sql", Buffer.from(data));

  log(`R2: copying ${listed.length} stored files…`);
  const objects = [];
  for (const object of listed) {
    const file = `objects/${String(objects.length + 1).padStart(6, "0")}`;
    wrangler(["r2", "object", "get", `${R2_BUCKET}/${object.key}`, ...targetFlags(target), "--file", join(out, file)]);
    record(file, readFileSync(join(out, file)));
    objects.push({ key: object.key, file, contentType: object.contentType });
  }

  const manifest = {
    format: FORMAT,
    version: VERSION,
    createdAt: new Date().toISOString(),
    source: target.remote ? "remote" : "local",
    migrations,
    counts: { d1Statements: statements, objects: objects.length, conversations, events },
    files,
    objects,
  };
  writeFileSync(join(out, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

/** The target flags both scripts take. */
export function targetOf(values) {
  if (values.local && values.remote) throw new Error("--local and --remote: pick one");
  if (values.remote) return { remote: true, config: values.config };
  return { remote: false, persistTo: values["persist-to"] };
}

export const TARGET_OPTIONS = {
  local: { type: "boolean" },
  remote: { type: "boolean" },
  "persist-to": { type: "string" },
  config: { type: "string" },
  url: { type: "string" },
  token: { type: "string" },
};

async function main() {
  const { values } = parseArgs({ options: { ...TARGET_OPTIONS, out: { type: "string" } } });
  const target = targetOf(values);
  const { url, token } = adminOptions(values);
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  const out = resolve(values.out ?? join(ROOT, "backups", `frontdesk-${stamp}`));
  const manifest = await backup({ url, token, out, target, log: (line) => console.error(line) });
  const { counts } = manifest;
  console.error(
    `Backup written to ${out}: ${counts.d1Statements} D1 rows, ${counts.objects} files, ` +
      `${counts.conversations} conversations (${counts.events} events).`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error) => {
    console.error(`backup failed: ${error.message}`);
    process.exit(1);
  });
}
