// `npm run dev`: builds the widget and the inbox, creates .dev.vars with fresh secrets on first run, applies the
// local D1 migrations, starts wrangler dev on http://127.0.0.1:8787 and seeds the demo agent.
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startFrontdesk } from "./lib/frontdesk-server.mjs";
import { seedDemo } from "./seed.mjs";

const ROOT = new URL("..", import.meta.url).pathname;
const DEV_VARS = join(ROOT, ".dev.vars");
const PORT = Number(process.env.PORT ?? 8787);

function readVars(path) {
  const vars = {};
  for (const line of readFileSync(path, "utf8").split("\n")) {
    const match = /^([A-Z_][A-Z0-9_]*)=(.*)$/.exec(line.trim());
    if (match) vars[match[1]] = match[2];
  }
  return vars;
}

function ensureDevVars() {
  if (!existsSync(DEV_VARS)) {
    const example = readFileSync(join(ROOT, ".dev.vars.example"), "utf8");
    const secret = () => randomBytes(24).toString("base64url");
    writeFileSync(
      DEV_VARS,
      example
        .replace("ADMIN_TOKEN=change-me", `ADMIN_TOKEN=${secret()}`)
        .replace("TOKEN_SECRET=change-me", `TOKEN_SECRET=${secret()}`),
    );
    console.log("Created .dev.vars with a fresh ADMIN_TOKEN and TOKEN_SECRET.");
  }
  return readVars(DEV_VARS);
}

for (const script of ["scripts/build-widget.mjs", "scripts/build-inbox.mjs"]) {
  const build = spawnSync(process.execPath, [join(ROOT, script)], { cwd: ROOT, stdio: "inherit" });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const vars = ensureDevVars();
const server = await startFrontdesk({ port: PORT });
await seedDemo({ url: server.url, token: vars.ADMIN_TOKEN });
console.log(`
  Frontdesk is running: ${server.url}  (demo page with the widget)
  Staff inbox: ${server.url}/inbox/  (invite staff with POST /api/staff)
  Admin API token (from .dev.vars): ${vars.ADMIN_TOKEN}
  Model: ${vars.OPENAI_API_KEY ? "OpenAI (" + (vars.OPENAI_BASE_URL || "api.openai.com") + ")" : "built-in offline model"}
  Stop with Ctrl+C.
`);

for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, async () => {
    await server.stop();
    process.exit(0);
  });
}
