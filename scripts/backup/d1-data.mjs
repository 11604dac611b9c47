// The D1 part of a backup: wrangler's data-only export (`--no-schema`) split into the rows to restore and the
// migrations that had been applied (their rows are the target's own business: a restore first applies the
// code's migrations, then brings the rows back into that schema), and the SQL a restore runs.

const MIGRATION_ROW = /^INSERT INTO "d1_migrations" \("id","name","applied_at"\) VALUES\(\d+,'((?:[^']|'')*)',/;
const SEQUENCE_ROW = /^INSERT INTO "sqlite_sequence" /; // SQLite keeps it itself as the rows go in
const STATEMENT = /^(INSERT INTO|PRAGMA) /;
const TABLE_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;
/** Tables that say whether a deployment holds anything of its owner's (the migrations seed others). */
export const OWNER_TABLES = ["agents", "contacts", "conversations", "sources", "articles", "staff"];

/** The export's rows without the migrations' bookkeeping, how many statements, and the applied migrations. */
export function splitExport(sql) {
  const migrations = [];
  const kept = [];
  let statements = 0;
  // One statement per line, except inside string values that hold newlines: those continue the statement.
  for (const line of sql.split("\n")) {
    const migration = MIGRATION_ROW.exec(line);
    if (migration) migrations.push(migration[1].replaceAll("''", "'"));
    else if (!SEQUENCE_ROW.test(line)) {
      kept.push(line);
      if (line.startsWith("INSERT INTO ")) statements++;
    }
  }
  return { data: `${kept.join("\n")}\n`, migrations, statements };
}

/** Whether `sql` looks like a data export (a guard before it is run against a database). */
export const looksLikeExport = (sql) =>
  sql
    .split("\n")
    .filter(Boolean)
    .every((line, i) => i > 0 || STATEMENT.test(line));

/** The SQL a restore runs: every table of the target emptied (migrations' seeds too), then the backup's rows. */
export function restoreSql(data, tables) {
  const names = tables.filter((name) => name !== "d1_migrations");
  const bad = names.find((name) => !TABLE_NAME.test(name));
  if (bad) throw new Error(`unexpected table name in the target database: ${JSON.stringify(bad)}`);
  const deletes = names.map((name) => `DELETE FROM "${name}";`).join("\n");
  return `PRAGMA defer_foreign_keys=TRUE;\n${deletes}\n${data}`;
}

/** The target's tables (not SQLite's or Cloudflare's own). */
export const TABLES_QUERY =
  "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' ORDER BY name";

/** One query counting the rows of OWNER_TABLES. */
export const OWNER_ROWS_QUERY = `SELECT ${OWNER_TABLES.map((t) => `(SELECT count(*) FROM "${t}")`).join(" + ")} AS n`;
