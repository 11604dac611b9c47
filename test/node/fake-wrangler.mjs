// A stand-in for wrangler in the deploy tests (WRANGLER="node test/node/fake-wrangler.mjs"): it keeps a pretend
// Cloudflare account in $FAKE_WRANGLER_STATE/account.json, records every call in calls.jsonl (the arguments and
// whether stdin carried a value — never the value) and answers the subcommands the deploy script uses in wrangler
// 4.164.0's formats: JSON where wrangler prints JSON (--json, --format json), its text otherwise. A secret is kept as
// its SHA-256 only. $FAKE_WRANGLER_FAIL="queues create" makes the first call starting with those words fail like an
// API error; $FAKE_WRANGLER_LOGGED_OUT=1 answers whoami as a machine that never ran `wrangler login`.
import { createHash, randomUUID } from "node:crypto";
import { appendFileSync, existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

const dir = process.env.FAKE_WRANGLER_STATE;
if (!dir) {
  console.error("fake wrangler: FAKE_WRANGLER_STATE is not set");
  process.exit(2);
}
const args = process.argv.slice(2);
const stdin = process.stdin.isTTY ? "" : readFileSync(0, "utf8");
appendFileSync(join(dir, "calls.jsonl"), `${JSON.stringify({ args, stdin: stdin.length > 0 })}\n`);

const ACCOUNT = join(dir, "account.json");
const account = existsSync(ACCOUNT)
  ? JSON.parse(readFileSync(ACCOUNT, "utf8"))
  : { worker: false, d1: [], r2: [], queues: [], vectorize: [], secrets: {}, applied: {}, deploys: 0 };
const save = () => {
  writeFileSync(`${ACCOUNT}.tmp`, JSON.stringify(account, null, 2));
  renameSync(`${ACCOUNT}.tmp`, ACCOUNT);
};
const out = (/** @type {string} */ text) => process.stdout.write(`${text}\n`);
const fail = (/** @type {string} */ text) => {
  process.stderr.write(`\n✘ [ERROR] ${text}\n\n`);
  process.exit(1);
};
const option = (/** @type {string} */ name) => {
  const at = args.indexOf(name);
  return at < 0 ? undefined : args[at + 1];
};
const now = "2026-12-05T12:00:00.000Z";
/** The generated config a command was given with -c (JSON), with the directory its paths are relative to. */
const configOf = () => {
  const path = resolve(option("-c") ?? option("--config") ?? fail("fake wrangler: no -c config"));
  return { config: JSON.parse(readFileSync(path, "utf8")), base: dirname(path) };
};
const table = (/** @type {string[]} */ rows) => {
  const width = Math.max(4, ...rows.map((row) => row.length));
  const line = (/** @type {string} */ l, /** @type {string} */ r) => `${l}${"─".repeat(width + 2)}${r}`;
  return [
    line("┌", "┐"),
    `│ ${"Name".padEnd(width)} │`,
    line("├", "┤"),
    ...rows.map((row) => `│ ${row.padEnd(width)} │`),
    line("└", "┘"),
  ].join("\n");
};

const failing = process.env.FAKE_WRANGLER_FAIL;
if (failing && args.join(" ").startsWith(failing))
  fail("A request to the Cloudflare API (/accounts/…) failed. (simulated) [code: 10013]");

const command = args.filter((arg) => !arg.startsWith("-")).slice(0, 3);
const [first, second, third] = command;

if (first === "whoami") {
  if (process.env.FAKE_WRANGLER_LOGGED_OUT === "1") {
    out(JSON.stringify({ loggedIn: false }, null, 2));
    process.exit(1);
  }
  out(
    JSON.stringify(
      {
        loggedIn: true,
        authType: "OAuth Token",
        email: "owner@example.com",
        accounts: [{ id: "acc1", name: "Example" }],
      },
      null,
      2,
    ),
  );
} else if (first === "secret" && second === "list") {
  const name = option("--name");
  if (!account.worker)
    fail(`Worker "${name}" not found.\n\nIf this is a new Worker, run \`wrangler deploy\` first to create it.`);
  out(
    JSON.stringify(
      Object.keys(account.secrets).map((secret) => ({ name: secret, type: "secret_text" })),
      null,
      "  ",
    ),
  );
} else if (first === "secret" && second === "put") {
  if (!stdin) fail("fake wrangler: secret put got no value on stdin");
  if (args.includes(stdin)) fail("fake wrangler: the secret value is on the command line");
  const name = option("--name");
  if (!account.worker) {
    out(`🌀 Creating new Worker "${name}"...`);
    account.worker = true;
  }
  account.secrets[/** @type {string} */ (third)] = createHash("sha256").update(stdin).digest("hex");
  save();
  out(`🌀 Creating the secret for the Worker "${name}"\n✨ Success! Uploaded secret ${third}`);
} else if (first === "d1" && second === "list") {
  out(JSON.stringify(account.d1, null, 2));
} else if (first === "d1" && second === "create") {
  if (account.d1.some((/** @type {{name: string}} */ db) => db.name === third))
    fail(`A database with that name already exists [code: 7502]`);
  const db = { uuid: randomUUID(), name: third, created_at: now, version: "production", num_tables: 0, file_size: 0 };
  account.d1.push(db);
  save();
  out(
    [
      `✅ Successfully created DB '${third}' in region WEUR`,
      "Created your new D1 database.",
      "",
      "{",
      '  "d1_databases": [',
      "    {",
      `      "binding": "${third}",`,
      `      "database_name": "${third}",`,
      `      "database_id": "${db.uuid}"`,
      "    }",
      "  ]",
      "}",
    ].join("\n"),
  );
} else if (first === "d1" && second === "migrations") {
  const [, , action, database] = args;
  const { config, base } = configOf();
  const db = config.d1_databases.find(
    (/** @type {{database_name: string}} */ entry) => entry.database_name === database,
  );
  if (!db || !account.d1.some((/** @type {{uuid: string}} */ entry) => entry.uuid === db.database_id))
    fail(`Couldn't find a D1 DB with the name or binding '${database}'`);
  const files = readdirSync(resolve(base, db.migrations_dir))
    .filter((file) => file.endsWith(".sql"))
    .sort();
  account.applied[db.database_id] ??= [];
  const applied = account.applied[db.database_id];
  const pending = files.filter((file) => !applied.includes(file));
  if (pending.length === 0) out("✅ No migrations to apply!");
  else if (action === "list") out(`Migrations to be applied:\n${table(pending)}`);
  else {
    out(`Migrations to be applied:\n${table(pending)}\n? About to apply ${pending.length} migration(s)`);
    applied.push(...pending);
    save();
    out(table(pending.map((file) => `${file} ✅`)));
  }
} else if (first === "r2" && second === "bucket" && args[2] === "list") {
  out(
    `Listing buckets...\n${account.r2.map((/** @type {string} */ name) => `name:           ${name}\ncreation_date:  ${now}`).join("\n\n")}`,
  );
} else if (first === "r2" && second === "bucket" && args[2] === "create") {
  const name = /** @type {string} */ (args[3]);
  if (account.r2.includes(name)) fail("The bucket you tried to create already exists, and you own it. [code: 10004]");
  account.r2.push(name);
  save();
  out(`Creating bucket '${name}'...\n✅ Created bucket '${name}' with default storage class of Standard.`);
} else if (first === "queues" && second === "info") {
  if (!account.queues.includes(third))
    fail(`Queue "${third}" does not exist. To create it, run: wrangler queues create ${third}`);
  out(
    `Queue Name: ${third}\nQueue ID: q-${third}\nCreated On: ${now}\nLast Modified: ${now}\nNumber of Producers: 1\nNumber of Consumers: 1`,
  );
} else if (first === "queues" && second === "create") {
  if (account.queues.includes(third)) fail(`Queue name '${third}' is already taken. [code: 11009]`);
  account.queues.push(third);
  save();
  out(`🌀 Creating queue '${third}'\n✅ Created queue '${third}'`);
} else if (first === "vectorize" && second === "list") {
  out(JSON.stringify(account.vectorize, null, 2));
} else if (first === "vectorize" && second === "create") {
  if (account.vectorize.some((/** @type {{name: string}} */ index) => index.name === third))
    fail("A Vectorize index with this name already exists");
  const dimensions = Number(option("--dimensions"));
  account.vectorize.push({
    created_on: now,
    modified_on: now,
    name: third,
    description: "",
    config: { dimensions, metric: option("--metric") },
  });
  save();
  out(`🚧 Creating index: '${third}'\n✅ Successfully created a new Vectorize index: '${third}'`);
} else if (first === "deploy") {
  const { config } = configOf();
  for (const db of config.d1_databases)
    if (!account.d1.some((/** @type {{uuid: string}} */ entry) => entry.uuid === db.database_id))
      fail(`D1 database ${db.database_id} not found`);
  for (const index of config.vectorize ?? [])
    if (!account.vectorize.some((/** @type {{name: string}} */ entry) => entry.name === index.index_name))
      fail(`Vectorize index ${index.index_name} not found`);
  account.worker = true;
  account.deploys += 1;
  save();
  out(
    [
      "Total Upload: 1534.20 KiB / gzip: 301.77 KiB",
      `Uploaded ${config.name} (3.10 sec)`,
      `Deployed ${config.name} triggers (0.90 sec)`,
      `  https://${config.name}.example.workers.dev`,
      "  schedule: 0 3 * * 1",
      `Current Version ID: ${randomUUID()}`,
    ].join("\n"),
  );
} else fail(`fake wrangler: unknown command ${args.join(" ")}`);
