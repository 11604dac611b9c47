// `npm run dev`: builds the widget, the inbox and the console, creates .dev.vars with fresh secrets on first run (and adds
// required secrets missing from an existing one), applies the local D1 migrations, starts wrangler dev on
// http://127.0.0.1:8787 and seeds the demo agent.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { ensureDevVars } from "./lib/env-file.mjs";
import { startFrontdesk } from "./lib/frontdesk-server.mjs";
import { seedDemo } from "./seed.mjs";

const ROOT = new URL("..", import.meta.url).pathname;
const DEV_VARS = join(ROOT, ".dev.vars");
const PORT = Number(process.env.PORT ?? 8787);

// wrangler runs in its own process group (so it can be stopped with its workerd), which the terminal's Ctrl+C
// does not reach: a signal at any time — while building, starting or seeding too — stops that group first.
const startup = new AbortController();
/** @type {ReturnType<typeof startFrontdesk> | undefined} */
let starting;
let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  startup.abort();
  const started = await starting?.catch(() => null); // a cancelled start rejects once wrangler has exited
  await started?.stop();
  process.exit(0);
}
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, stop);

for (const script of ["scripts/build-widget.mjs", "scripts/build-inbox.mjs", "scripts/build-console.mjs"]) {
  const build = spawnSync(process.execPath, [join(ROOT, script)], { cwd: ROOT, stdio: "inherit" });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const { vars, created, added } = ensureDevVars(DEV_VARS, join(ROOT, ".dev.vars.example"));
if (added.length > 0)
  console.log(`${created ? "Created .dev.vars with" : "Added to .dev.vars:"} fresh ${added.join(", ")}.`);

starting = startFrontdesk({ port: PORT, signal: startup.signal });
const server = await starting.catch((error) => {
  if (stopping) return new Promise(() => {}); // stop() exits once wrangler is gone
  throw error;
});
await seedDemo({ url: server.url, token: vars.ADMIN_TOKEN });
console.log(`
  Frontdesk is running: ${server.url}  (demo page with the widget)
  Staff inbox: ${server.url}/inbox/  (invite staff with POST /api/staff)
  Admin console: ${server.url}/console/  (sign in with the admin token below, or an account with an admin role)
  Admin API token (from .dev.vars): ${vars.ADMIN_TOKEN}
  Model: ${vars.OPENAI_API_KEY ? `OpenAI (${vars.OPENAI_BASE_URL || "api.openai.com"})` : "built-in offline model"}
  Stop with Ctrl+C.
`);
