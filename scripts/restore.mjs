// `npm run restore -- <backup dir>`: brings a backup (scripts/backup.mjs) into a deployment — D1's rows into
// the schema of this version's migrations, the R2 objects, then the knowledge indexes rebuilt from their
// sources, and a check of which stored secrets this deployment's SECRETS_KEY cannot open (to set again).
// Transcripts stay in the backup as an archive (transcripts.jsonl): they are not re-imported.
//
//   npm run restore -- <dir> --url URL --token ADMIN_TOKEN [--local [--persist-to DIR] | --remote [--config FILE]] [--force]
//
// Refuses, changing nothing, when the backup does not check out or the target already holds agents,
// contacts or conversations (unless --force, which replaces them).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { pathToFileURL } from "node:url";
import { TARGET_OPTIONS, targetOf } from "./backup.mjs";
import { adminApi, adminOptions } from "./backup/admin.mjs";
import { OWNER_ROWS_QUERY, TABLES_QUERY, looksLikeExport, restoreSql } from "./backup/d1-data.mjs";
import { verifyBackup } from "./backup/manifest.mjs";
import { D1_BINDING, R2_BUCKET, queryD1, targetFlags, wrangler } from "./backup/wrangler.mjs";

/**
 * Restores the backup in `dir`. Returns what it did and the secrets to set again.
 * @param {{
 *   dir: string, url: string, token: string, target: import("./backup/wrangler.mjs").Target,
 *   force?: boolean, log?: (line: string) => void,
 * }} options
 */
export async function restore({ dir, url, token, target, force = false, log = () => {} }) {
  // Everything is checked before anything is written.
  const manifest = verifyBackup(dir);
  const data = readFileSync(join(dir, "d1.sql"), "utf8");
  if (!looksLikeExport(data)) throw new Error("d1.sql is not a D1 data export");
  const api = adminApi(url, token);
  await api.request("GET", "/backup/secrets"); // the deployment answers and the token is an owner's

  log("D1: applying this version's migrations…");
  wrangler(["d1", "migrations", "apply", D1_BINDING, ...targetFlags(target)]);
  const [migrationRows, [{ n: ownerRows }], tableRows] = queryD1(
    target,
    `SELECT name FROM d1_migrations; ${OWNER_ROWS_QUERY}; ${TABLES_QUERY}`,
  );
  const applied = new Set(migrationRows.map((row) => row.name));
  const newer = manifest.migrations.filter((name) => !applied.has(name));
  if (newer.length > 0)
    throw new Error(
      `the backup was taken by a newer Frontdesk (migrations ${newer.join(", ")} are unknown here): upgrade first`,
    );
  if (ownerRows > 0 && !force)
    throw new Error(
      "the target already holds agents, contacts, conversations or staff: restore into an empty deployment, " +
        "or pass --force to replace everything it holds",
    );

  log(`D1: restoring ${manifest.counts.d1Statements} rows…`);
  const tables = tableRows.map((row) => row.name);
  const scratch = mkdtempSync(join(tmpdir(), "frontdesk-restore-"));
  try {
    const sqlFile = join(scratch, "restore.sql");
    writeFileSync(sqlFile, restoreSql(data, tables));
    wrangler(["d1", "execute", D1_BINDING, ...targetFlags(target), "--yes", "--file", sqlFile]);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }

  log(`R2: uploading ${manifest.objects.length} files…`);
  for (const object of manifest.objects) {
    const type = object.contentType ? ["--content-type", object.contentType] : [];
    wrangler([
      "r2",
      "object",
      "put",
      `${R2_BUCKET}/${object.key}`,
      ...targetFlags(target),
      ...type,
      "--file",
      join(dir, object.file),
    ]);
  }

  log("Knowledge: rebuilding the indexes from their sources…");
  await api.untilAnswering("/backup/secrets");
  const reindex = await api.request("POST", "/backup/reindex");
  const secrets = await api.request("GET", "/backup/secrets");
  return { manifest, reindex, secrets };
}

async function main() {
  const { values, positionals } = parseArgs({
    options: { ...TARGET_OPTIONS, force: { type: "boolean" } },
    allowPositionals: true,
  });
  if (positionals.length !== 1)
    throw new Error("name the backup folder: npm run restore -- <dir> --url URL --token TOKEN");
  const dir = resolve(positionals[0]);
  const { url, token } = adminOptions(values);
  const result = await restore({
    dir,
    url,
    token,
    target: targetOf(values),
    force: values.force ?? false,
    log: (line) => console.error(line),
  });
  const { counts } = result.manifest;
  console.error(
    `Restored ${counts.d1Statements} D1 rows and ${counts.objects} files; ${result.reindex.sourcesQueued} sources are ` +
      `being indexed again. The ${counts.conversations} transcripts stay in ${join(dir, "transcripts.jsonl")}.`,
  );
  if (result.secrets.unreadable.length > 0) {
    console.error(
      `\n${result.secrets.unreadable.length} stored secrets do not open with this deployment's SECRETS_KEY ` +
        "(set SECRETS_KEY to the old key, or set each again):",
    );
    for (const secret of result.secrets.unreadable)
      console.error(`  ${secret.kind} ${secret.agentId}/${secret.name}: ${secret.setAgain}`);
    process.exitCode = 2;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error) => {
    console.error(`restore failed: ${error.message}`);
    process.exit(1);
  });
}
