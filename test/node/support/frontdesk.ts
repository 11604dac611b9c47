/**
 * Frontdesk for node-side tests: `wrangler dev` on a free loopback port with its own state
 * folder and secrets, the widget and inbox built, and the demo agent seeded — as `npm run dev` does.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildInbox } from "../../../scripts/build-inbox.mjs";
import { buildWidget } from "../../../scripts/build-widget.mjs";
import { freePort, startFrontdesk } from "../../../scripts/lib/frontdesk-server.mjs";
import { seedDemo } from "../../../scripts/seed.mjs";

export type RunningFrontdesk = {
  url: string;
  adminToken: string;
  /** Everything wrangler dev has logged so far (e.g. where it wrote an email it sent). */
  output: () => string;
  stop: () => Promise<void>;
};

export async function startSeededFrontdesk(vars: Record<string, string> = {}): Promise<RunningFrontdesk> {
  await buildWidget({ log: false });
  await buildInbox({ log: false });
  const scratch = mkdtempSync(join(tmpdir(), "frontdesk-test-"));
  const adminToken = "node-test-admin-token";
  const all = {
    ADMIN_TOKEN: adminToken,
    TOKEN_SECRET: "node-test-token-secret",
    OPENAI_API_KEY: "",
    OPENAI_BASE_URL: "",
    ...vars,
  };
  const envFile = join(scratch, "vars.env");
  writeFileSync(
    envFile,
    Object.entries(all)
      .map(([k, v]) => `${k}=${v}`)
      .join("\n") + "\n",
  );
  const server = await startFrontdesk({
    port: await freePort(),
    persistTo: join(scratch, "state"),
    envFile,
    quiet: true,
  });
  try {
    await seedDemo({ url: server.url, token: adminToken });
  } catch (error) {
    await server.stop();
    throw error;
  }
  return {
    url: server.url,
    adminToken,
    output: server.output,
    async stop() {
      await server.stop();
      rmSync(scratch, { recursive: true, force: true });
    },
  };
}
