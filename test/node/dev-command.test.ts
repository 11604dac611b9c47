/**
 * README's first command: `npm run dev` builds the widget, applies migrations, starts the Worker,
 * seeds the demo agent and serves the demo page. Run here on a free port (PORT) so it never
 * collides with a developer's own `npm run dev`.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { readFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { freePort } from "../../scripts/lib/frontdesk-server.mjs";

const ROOT = new URL("../..", import.meta.url).pathname;
const STARTUP_LIMIT_MS = 120_000; // a guard against hangs; the wait ends as soon as the banner appears

let child: ChildProcess | undefined;

afterAll(async () => {
  if (child?.pid && child.exitCode === null) {
    const exited = once(child, "exit");
    process.kill(-child.pid, "SIGTERM"); // npm, dev.mjs and wrangler share the group started below
    await exited;
  }
});

function waitForBanner(process: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = "";
    const timer = setTimeout(
      () => reject(new Error(`no banner within ${STARTUP_LIMIT_MS} ms:\n${output.slice(-3000)}`)),
      STARTUP_LIMIT_MS,
    );
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("Frontdesk is running")) {
        clearTimeout(timer);
        resolve(output);
      }
    };
    process.stdout?.on("data", collect);
    process.stderr?.on("data", collect);
    process.once("exit", (code) => reject(new Error(`npm run dev exited early (${code}):\n${output.slice(-3000)}`)));
  });
}

describe("npm run dev", () => {
  it("serves the demo page with the widget and the seeded demo agent", async () => {
    const port = await freePort();
    child = spawn("npm", ["run", "-s", "dev"], {
      cwd: ROOT,
      env: { ...process.env, PORT: String(port) },
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const banner = await waitForBanner(child);
    const url = `http://127.0.0.1:${port}`;
    expect(banner).toContain(url);

    const page = await (await fetch(`${url}/`)).text();
    expect(page).toMatch(/<script src="[^"]*\/widget\.js" data-agent="demo" async><\/script>/);
    expect((await fetch(`${url}/widget.js`)).status).toBe(200);
    const config = (await (await fetch(`${url}/v1/agents/demo/widget-config`)).json()) as {
      name: string;
      poweredByAi: boolean;
    };
    expect(config).toMatchObject({ name: "Frontdesk Demo", poweredByAi: true });

    const adminToken = /^ADMIN_TOKEN=(.+)$/m.exec(readFileSync(`${ROOT}.dev.vars`, "utf8"))?.[1];
    expect(banner).toContain(adminToken);
    const agent = await fetch(`${url}/api/agents/demo`, { headers: { authorization: `Bearer ${adminToken}` } });
    expect(agent.status).toBe(200);

    // The console's address is printed, and it is served, never framed.
    expect(banner).toContain(`${url}/console/`);
    const consolePage = await fetch(`${url}/console/`);
    expect(consolePage.status).toBe(200);
    expect(consolePage.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(await consolePage.text()).toContain("/console/console.js");
  }, 180_000);
});
