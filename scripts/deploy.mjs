// `npm run deploy`: from a Cloudflare login to a live Frontdesk, over wrangler and nothing else. Checks the login,
// creates what the configuration binds and the account lacks (D1, R2, queues, the Vectorize index when
// VECTOR_BACKEND is "vectorize"), writes the generated deploy config, refuses upgrades that would lose data, sets
// the secrets that are not set, applies the D1 migrations, builds, deploys and prints the widget snippet, the console
// URL and — when this run created it — the admin token. Every step can be repeated: a run that failed half-way is
// finished by running it again. `--dry-run` prints the steps and calls nothing.
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { dirname, relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import {
  DEFAULT_CONFIG_OUT,
  deployConfig,
  queueNames,
  readLocalConfig,
  readState,
  statePathFor,
  writeAtomically,
  writeState,
} from "./deploy/config.mjs";
import { d1DataLoss, durableObjectDataLoss, pendingMigrationNames } from "./deploy/data-loss.mjs";
import { ensureD1, ensureQueue, ensureR2Bucket, ensureVectorIndex } from "./deploy/resources.mjs";
import { listSecrets, REQUIRED_SECRETS, setMissingSecrets } from "./deploy/secrets.mjs";
import { embedderOf, vectorIndexName } from "./deploy/vector-index.mjs";
import { createWrangler, jsonOf, WranglerError, wranglerCommand } from "./deploy/wrangler.mjs";

const ROOT = resolve(dirname(new URL(import.meta.url).pathname), "..");
const USAGE = `Usage: npm run deploy [-- --dry-run] [-- --config-out PATH] [-- --allow-data-loss]
  --dry-run          print every step and the wrangler commands, call nothing
  --config-out PATH  where to write the generated deploy config (default ${DEFAULT_CONFIG_OUT})
  --config PATH      the local configuration to start from (default wrangler.toml)
  --allow-data-loss  apply migrations that drop tables, columns or Durable Object classes
  --skip-build       deploy the dist/ already built (tests use it; npm run build otherwise runs first)
The wrangler command is $WRANGLER, or this checkout's node_modules/.bin/wrangler.`;

/** An expected stop (refusal, bad arguments): printed without a stack trace. */
class DeployStop extends Error {}

function options() {
  try {
    const { values } = parseArgs({
      options: {
        "dry-run": { type: "boolean", default: false },
        "config-out": { type: "string", default: DEFAULT_CONFIG_OUT },
        config: { type: "string", default: "wrangler.toml" },
        "allow-data-loss": { type: "boolean", default: false },
        "skip-build": { type: "boolean", default: false },
        help: { type: "boolean", default: false },
      },
      strict: true,
      allowPositionals: false,
    });
    return values;
  } catch (error) {
    throw new DeployStop(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
  }
}

const log = (/** @type {string} */ line) => console.log(line);
const step = (/** @type {string} */ title) => log(`\n▸ ${title}`);

/** The Vectorize index this configuration needs, or undefined on the embedded backend. */
function plannedIndex(/** @type {import("./deploy/config.mjs").DeployConfig} */ local, hasOpenAIKey = false) {
  if (String(local.vars.VECTOR_BACKEND ?? "").trim() !== "vectorize") return undefined;
  const embedder = embedderOf(local.vars, { hasOpenAIKey, hasAIBinding: local.ai?.binding === "AI" });
  return { name: vectorIndexName(embedder.id), dimensions: embedder.dimensions };
}

function dryRun(/** @type {import("./deploy/config.mjs").DeployConfig} */ local, /** @type {string} */ configOut) {
  const c = `-c ${configOut}`;
  const index = plannedIndex(local);
  const lines = [
    "Dry run: nothing is called; these are the steps and the wrangler commands a deploy runs.",
    "1. Login: wrangler whoami --json (stops with `npx wrangler login` when not logged in)",
    `2. Secrets present: wrangler secret list --name ${local.name} --format json`,
    `3. Durable Object migrations pending: ${local.migrations.map((m) => m.tag).join(", ") || "none"} (deleted classes are refused)`,
    "3b. npm run build (before anything in the account changes)",
    ...local.d1_databases.map(
      (db) =>
        `4. D1: wrangler d1 list --json; when ${db.database_name} is missing: wrangler d1 create ${db.database_name}`,
    ),
    ...local.r2_buckets.map(
      (b) =>
        `5. R2: wrangler r2 bucket list; when ${b.bucket_name} is missing: wrangler r2 bucket create ${b.bucket_name}`,
    ),
    ...queueNames(local).map(
      (q) => `6. Queue: wrangler queues info ${q}; when it does not exist: wrangler queues create ${q}`,
    ),
    index
      ? "7. Vectorize: wrangler vectorize list --json; when missing: " +
        `wrangler vectorize create ${index.name} --dimensions ${index.dimensions} --metric cosine ` +
        "(the name follows the embedder; with OPENAI_API_KEY set it is OpenAI's)"
      : "7. Vectorize: not used (VECTOR_BACKEND is not vectorize); the deploy config has no [[vectorize]]",
    `8. Write ${configOut} (the local config with real ids) and ${relative(ROOT, statePathFor(resolve(ROOT, configOut)))}`,
    ...local.d1_databases.map(
      (db) =>
        `9. D1 migrations pending: wrangler d1 migrations list ${db.database_name} --remote ${c} (drops and deletes are refused)`,
    ),
    `10. Secrets not yet set among ${REQUIRED_SECRETS.join(", ")}: ` +
      `wrangler secret put NAME --name ${local.name} ${c} (a fresh random value on stdin)`,
    ...local.d1_databases.map((db) => `11. wrangler d1 migrations apply ${db.database_name} --remote ${c}`),
    `12. wrangler deploy ${c}`,
    "13. Print the widget snippet, the console URL and the admin token when this run created it",
  ];
  for (const line of lines) log(line);
}

async function main() {
  const args = options();
  if (args.help) return log(USAGE);
  const localPath = resolve(ROOT, args.config);
  const local = readLocalConfig(localPath);
  const configOut = resolve(ROOT, args["config-out"]);
  const shownConfig = configOut.startsWith(`${ROOT}/`) ? relative(ROOT, configOut) : configOut;
  if (args["dry-run"]) return dryRun(local, shownConfig);

  const wrangler = createWrangler({ command: wranglerCommand(ROOT), cwd: ROOT, log });
  const statePath = statePathFor(configOut);
  const state = readState(statePath);
  const save = () => writeState(statePath, state);
  /** @type {string | undefined} */
  let newAdminToken;

  try {
    step("Cloudflare login");
    const who = wrangler.run(["whoami", "--json"], { allowFailure: true });
    const whoJson = who.status === 0 ? /** @type {{ loggedIn?: boolean, email?: string }} */ (jsonOf(who.stdout)) : {};
    if (!whoJson.loggedIn)
      throw new DeployStop(
        who.output.includes("loggedIn") || who.status === 0
          ? "Not logged in to Cloudflare: run `npx wrangler login`, then `npm run deploy` again."
          : `Could not check the Cloudflare login (\`wrangler whoami\` exit ${who.status}):\n${who.output.trim()}`,
      );
    log(`  logged in${whoJson.email ? ` as ${whoJson.email}` : ""}`);

    step("Secrets already set");
    const secrets = listSecrets(wrangler, local.name);
    log(
      `  ${secrets.workerExists ? secrets.names.join(", ") || "none" : `none (the Worker ${local.name} is not deployed yet)`}`,
    );

    step("Durable Object migrations");
    const objects = durableObjectDataLoss(local.migrations, state.deployedMigrationTag, secrets.workerExists);
    refuseDataLoss(objects.problems, args["allow-data-loss"]);
    log(`  pending: ${objects.pending.join(", ") || "none"} (wrangler deploy applies them in order)`);

    // Built before anything changes in the account: a build that fails leaves the account as it was.
    step("Build");
    if (args["skip-build"]) log("  skipped (--skip-build)");
    else {
      const build = spawnSync("npm", ["run", "build"], { cwd: ROOT, stdio: "inherit" });
      if (build.status !== 0) throw new DeployStop(`npm run build failed (exit ${build.status}); nothing was changed.`);
    }

    step("Resources");
    /** @type {Record<string, string>} */
    const d1Ids = {};
    for (const db of local.d1_databases) {
      const { id, created } = ensureD1(wrangler, db.database_name);
      d1Ids[db.database_name] = state.d1[db.database_name] = id;
      save();
      log(`  D1 ${db.database_name}: ${created ? "created" : "exists"} (${id})`);
    }
    for (const bucket of local.r2_buckets) {
      const { created } = ensureR2Bucket(wrangler, bucket.bucket_name);
      state.r2 = [...new Set([...state.r2, bucket.bucket_name])];
      save();
      log(`  R2 ${bucket.bucket_name}: ${created ? "created" : "exists"}`);
    }
    for (const queue of queueNames(local)) {
      const { created } = ensureQueue(wrangler, queue);
      state.queues = [...new Set([...state.queues, queue])];
      save();
      log(`  queue ${queue}: ${created ? "created" : "exists"}`);
    }
    const index = plannedIndex(local, secrets.names.includes("OPENAI_API_KEY"));
    if (index) {
      const { created } = ensureVectorIndex(wrangler, index.name, index.dimensions);
      state.vectorIndex = index.name;
      save();
      log(`  Vectorize ${index.name} (${index.dimensions} dimensions): ${created ? "created" : "exists"}`);
    }

    step(`Deploy config ${shownConfig}`);
    const config = deployConfig(local, {
      sourceDir: dirname(localPath),
      outPath: configOut,
      d1Ids,
      vectorIndex: index?.name,
    });
    writeAtomically(configOut, `${JSON.stringify(config, null, 2)}\n`);
    state.worker = local.name;
    save();
    log("  written");

    step("D1 migrations");
    for (const db of local.d1_databases) {
      const listed = wrangler.run(["d1", "migrations", "list", db.database_name, "--remote", "-c", configOut]);
      const pending = pendingMigrationNames(listed.output);
      const migrationsDir = resolve(dirname(localPath), db.migrations_dir ?? "migrations");
      const allFiles = readdirSync(migrationsDir).filter((name) => name.endsWith(".sql"));
      refuseDataLoss(d1DataLoss({ migrationsDir, pending, allFiles }), args["allow-data-loss"]);
      log(`  pending: ${pending.join(", ") || "none"}`);
    }

    step("Secrets");
    const put = setMissingSecrets(wrangler, { worker: local.name, configPath: configOut, present: secrets.names });
    newAdminToken = put.adminToken;
    for (const name of REQUIRED_SECRETS)
      log(`  ${name}: ${put.set.includes(name) ? "generated and set" : "already set (not changed, not shown)"}`);

    step("Apply D1 migrations");
    for (const db of local.d1_databases)
      wrangler.run(["d1", "migrations", "apply", db.database_name, "--remote", "-c", configOut]);
    log("  applied");

    step("Deploy");
    const deployed = wrangler.run(["deploy", "-c", configOut]);
    const size = /Total Upload:\s*([^\n]+)/.exec(deployed.output)?.[1]?.trim();
    if (size) log(`  Worker bundle: ${size}`);
    state.deployedMigrationTag = local.migrations.at(-1)?.tag ?? state.deployedMigrationTag;
    const publicUrl = String(local.vars.PUBLIC_URL ?? "").trim();
    const url = publicUrl || /https:\/\/\S+\.workers\.dev/.exec(deployed.output)?.[0] || state.url;
    if (url) state.url = url.replace(/\/+$/, "");
    save();

    const base = state.url ?? "https://<your-worker>";
    log(`
Frontdesk is live: ${base}
  Console: ${base}/console/  (sign in with the admin token; create an agent there)
  Widget snippet (put the agent's id in data-agent):
    <script src="${base}/widget.js" data-agent="<agent-id>" async></script>`);
    if (newAdminToken) {
      log(`  Admin token (shown this once; keep it in a password manager): ${newAdminToken}`);
      newAdminToken = undefined;
    } else
      log(
        "  Admin token: already set before this run; not shown (replace it with `npx wrangler secret put ADMIN_TOKEN`).",
      );
  } catch (error) {
    // A run that set ADMIN_TOKEN and then failed still shows it, once: the next run finds it set and never shows it.
    if (newAdminToken)
      console.error(`\nAdmin token (set by this run before it stopped; shown this once): ${newAdminToken}`);
    throw error;
  }
}

/** Stops the deploy when a migration would lose data, unless the operator allowed it. */
function refuseDataLoss(/** @type {string[]} */ problems, /** @type {boolean} */ allowed) {
  if (problems.length === 0) return;
  const list = problems.map((problem) => `  - ${problem}`).join("\n");
  if (allowed) return log(`  applying despite data loss (--allow-data-loss):\n${list}`);
  throw new DeployStop(
    `Refusing to deploy: these migrations would lose data:\n${list}\n` +
      "Back up first (npm run backup), then run `npm run deploy -- --allow-data-loss`; " +
      'or mark a reviewed D1 file with the line "-- frontdesk: data-loss-reviewed".',
  );
}

main().catch((error) => {
  const message =
    error instanceof DeployStop || error instanceof WranglerError ? error.message : String(error?.stack ?? error);
  console.error(
    `\n✘ Deploy stopped: ${message}\nFix the cause and run \`npm run deploy\` again: it continues where it stopped.`,
  );
  process.exit(1);
});
