// Upgrade safety: before anything is applied, finds the pending migrations that would lose data — D1 migration files
// not yet applied that drop a table or a column or delete rows, and Durable Object migrations (wrangler.toml
// `[[migrations]]`) past the last deployed tag that delete classes — so `npm run deploy` can refuse them unless the
// operator passes --allow-data-loss. A D1 file that is reviewed (its data carried over first) says so with the
// marker line below; drizzle's table rebuild (copy into `__new_x`, drop `x`, rename) loses nothing and passes.
import { readFileSync } from "node:fs";
import { join } from "node:path";

/** A line a migration author adds after checking that the file's drops and deletes lose nothing needed. */
export const REVIEWED_MARKER = "-- frontdesk: data-loss-reviewed";

const DESTRUCTIVE = [
  { pattern: /\bDROP\s+TABLE\s+(?:IF\s+EXISTS\s+)?[`"[]?(\w+)/gi, what: "drops table" },
  { pattern: /\bDROP\s+COLUMN\s+[`"[]?(\w+)/gi, what: "drops column" },
  { pattern: /\bDELETE\s+FROM\s+[`"[]?(\w+)/gi, what: "deletes rows from" },
];

/** SQL without its comments, so a comment that mentions DROP TABLE is not a drop. */
const withoutComments = (/** @type {string} */ sql) => sql.replace(/\/\*[\s\S]*?\*\//g, " ").replace(/--[^\n]*/g, " ");

/**
 * What one D1 migration file would lose: a description per destructive statement, empty when none or reviewed.
 * @param {string} sql
 * @returns {string[]}
 */
export function destructiveStatements(sql) {
  if (sql.split("\n").some((line) => line.trim() === REVIEWED_MARKER)) return [];
  const code = withoutComments(sql);
  const found = [];
  for (const { pattern, what } of DESTRUCTIVE)
    for (const match of code.matchAll(pattern)) {
      const name = /** @type {string} */ (match[1]);
      // drizzle-kit's SQLite table rebuild copies every row into `__new_<name>` before dropping and renaming.
      const rebuilt =
        what === "drops table" &&
        new RegExp(`INSERT\\s+INTO\\s+[\`"]?__new_${name}\\b`, "i").test(code) &&
        new RegExp(`[\`"]?__new_${name}[\`"]?\\s+RENAME\\s+TO\\s+[\`"]?${name}\\b`, "i").test(code);
      if (!rebuilt) found.push(`${what} ${name}`);
    }
  return found;
}

/**
 * The migration file names in `wrangler d1 migrations list` output: "✅ No migrations to apply!" or "Migrations to be
 * applied:" and a table with one `Name` per row (wrangler 4.164.0, src/d1/migrations/list.ts).
 * @param {string} output
 * @returns {string[]}
 */
export function pendingMigrationNames(output) {
  return [...output.matchAll(/\b([\w.-]+\.sql)\b/g)].map((match) => /** @type {string} */ (match[1]));
}

/**
 * The problems of pending D1 migrations. A database with none applied yet (its first migration still pending) is
 * new and holds nothing to lose.
 * @param {{ migrationsDir: string, pending: string[], allFiles: string[] }} input
 * @returns {string[]}
 */
export function d1DataLoss({ migrationsDir, pending, allFiles }) {
  const first = [...allFiles].sort()[0];
  if (first !== undefined && pending.includes(first)) return [];
  return pending.flatMap((name) =>
    destructiveStatements(readFileSync(join(migrationsDir, name), "utf8")).map(
      (statement) => `D1 migration ${name} ${statement}`,
    ),
  );
}

/**
 * The Durable Object migrations after `deployedTag` (all of them when the Worker was never deployed by this script),
 * and the problems among them: a deleted class loses every object of that class.
 * @param {unknown[]} migrations the configuration's `[[migrations]]`
 * @param {string | undefined} deployedTag the tag of the last migration deployed, from the deploy state
 * @param {boolean} workerExists false for a first deploy: no object holds data yet
 * @returns {{ pending: string[], problems: string[] }}
 */
export function durableObjectDataLoss(migrations, deployedTag, workerExists) {
  const list = /** @type {{ tag?: string, deleted_classes?: string[] }[]} */ (migrations);
  const index = deployedTag === undefined ? -1 : list.findIndex((migration) => migration.tag === deployedTag);
  const pending = list.slice(index + 1);
  const problems = workerExists
    ? pending.flatMap((migration) =>
        (migration.deleted_classes ?? []).map(
          (name) => `Durable Object migration ${migration.tag} deletes class ${name} and every object's stored data`,
        ),
      )
    : [];
  return { pending: pending.map((migration) => String(migration.tag)), problems };
}
