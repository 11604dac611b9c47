/**
 * Acceptance of `npm run backup` / `npm run restore` against `wrangler dev`: a seeded deployment (agent,
 * an uploaded file, an article, an avatar, contacts, settings, a signing secret, a conversation) is backed up,
 * restored into a fresh state folder, and its agents, knowledge, contacts and settings read back the same —
 * with the index rebuilt (a preview finds the file's document again). A restore under another SECRETS_KEY
 * lists the secret to set again.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { backup } from "../../scripts/backup.mjs";
import { buildConsole } from "../../scripts/build-console.mjs";
import { buildInbox } from "../../scripts/build-inbox.mjs";
import { buildWidget } from "../../scripts/build-widget.mjs";
import { localVars, writeEnvFile } from "../../scripts/lib/env-file.mjs";
import { startFrontdesk } from "../../scripts/lib/frontdesk-server.mjs";
import { restore } from "../../scripts/restore.mjs";
import demo from "../../scripts/demo-agent.json" with { type: "json" };
import { seedDemo } from "../../scripts/seed.mjs";

const TOKEN = "node-test-admin-token";
const AGENT = "demo";
// A 1×1 transparent PNG: an avatar is an R2 object D1 does not list.
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
  "base64",
);
const DOC = {
  id: "zebra-pricing",
  title: "Zebra pricing",
  body: "# Zebra pricing\n\nA striped zebra plan costs 42 kroner a month and includes unlimited zebra crossings.\n",
};

type Server = Awaited<ReturnType<typeof startFrontdesk>>;
const scratch = mkdtempSync(join(tmpdir(), "frontdesk-backup-"));
const running: Server[] = [];

function envWith(name: string, secretsKey: string): string {
  const path = join(scratch, `${name}.env`);
  writeEnvFile(path, localVars({ ADMIN_TOKEN: TOKEN, SECRETS_KEY: secretsKey }));
  return path;
}

async function start(name: string, envFile: string): Promise<Server> {
  const server = await startFrontdesk({ port: "any", persistTo: join(scratch, name), envFile, quiet: true });
  running.push(server);
  return server;
}

async function api(server: Server, method: string, path: string, body?: unknown): Promise<unknown> {
  const isForm = body instanceof FormData;
  const response = await fetch(`${server.url}/api${path}`, {
    method,
    headers: {
      authorization: `Bearer ${TOKEN}`,
      ...(body === undefined || isForm ? {} : { "content-type": "application/json" }),
    },
    body: body === undefined ? undefined : isForm ? body : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text.slice(0, 300)}`);
  return text ? JSON.parse(text) : null;
}

// Set when the index is rebuilt and differ for that reason alone; everything else must match exactly.
const REBUILT = new Set(["lastSyncedAt", "updatedAt", "stats"]);
const withoutRebuilt = (value: unknown): unknown =>
  Array.isArray(value)
    ? value.map(withoutRebuilt)
    : value && typeof value === "object"
      ? Object.fromEntries(
          Object.entries(value)
            .filter(([key]) => !REBUILT.has(key))
            .map(([key, v]) => [key, withoutRebuilt(v)]),
        )
      : value;

/** What must come back identical: agents (config, versions), knowledge, contacts and settings. */
async function snapshot(server: Server) {
  const read = (path: string) => api(server, "GET", path);
  return {
    agents: await read("/agents"),
    agent: await read(`/agents/${AGENT}`),
    versions: await read(`/agents/${AGENT}/versions`),
    controls: await read(`/agents/${AGENT}/controls`),
    webhookSecret: await read(`/agents/${AGENT}/webhook-secret`),
    sources: withoutRebuilt(await read(`/agents/${AGENT}/sources`)),
    files: await read(`/agents/${AGENT}/files`),
    articles: await read(`/agents/${AGENT}/articles`),
    shortAnswers: await read(`/agents/${AGENT}/short-answers`),
    contacts: await read("/contacts"),
    contactProperties: await read("/contact-properties"),
  };
}

/** The documents a preview of `question` ranks, by title. */
async function rankedTitles(server: Server, question: string): Promise<string[]> {
  const preview = (await api(server, "POST", `/agents/${AGENT}/preview`, { message: question })) as {
    ranked: Array<{ title?: string }>;
  };
  return preview.ranked.map((document) => document.title ?? "");
}

const untilSourcesReady = (server: Server) =>
  vi.waitFor(
    async () => {
      const { items } = (await api(server, "GET", `/agents/${AGENT}/sources`)) as { items: Array<{ status: string }> };
      expect(items.filter((s) => s.status !== "ready")).toEqual([]);
    },
    { timeout: 60_000, interval: 250 },
  );

let before: Awaited<ReturnType<typeof snapshot>>;
const backupDir = join(scratch, "backup");
const sameKey = "a".repeat(40);

beforeAll(async () => {
  await buildWidget({ log: false });
  await buildInbox({ log: false });
  await buildConsole({ log: false });
  const source = await start("a", envWith("a", sameKey));
  await seedDemo({ url: source.url, token: TOKEN, docs: [DOC] });
  await api(source, "PUT", `/agents/${AGENT}/articles/orchids`, {
    title: "Orchid care",
    body: "# Orchid care\n\nWater the orchid once a week with three ice cubes.",
    url: null,
    published: true,
  });
  const form = new FormData();
  form.append("file", new Blob([PNG], { type: "image/png" }), "avatar.png");
  const { avatar } = (await api(source, "POST", `/agents/${AGENT}/avatar`, form)) as { avatar: string };
  await api(source, "PUT", `/agents/${AGENT}`, {
    ...demo.agent,
    greeting: "Hello from the backup test",
    settings: { ...demo.agent.settings, avatar, accentColor: "#0f766e" },
  });
  await api(source, "POST", `/agents/${AGENT}/publish`);
  await api(source, "POST", `/agents/${AGENT}/webhook-secret`);
  const started = await fetch(`${source.url}/v1/agents/${AGENT}/conversations`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ resume: false }),
  });
  expect(started.status).toBe(201);
  await untilSourcesReady(source);
  before = await snapshot(source);
  expect(await rankedTitles(source, "How much does the zebra plan cost?")).toContain(DOC.title);
  await backup({
    url: source.url,
    token: TOKEN,
    out: backupDir,
    target: { remote: false, persistTo: join(scratch, "a") },
  });
  await source.stop();
}, 240_000);

afterAll(async () => {
  for (const server of running) await server.stop();
  rmSync(scratch, { recursive: true, force: true });
});

describe("backup and restore against wrangler dev", () => {
  it("writes a manifest with counts and hashes, and the transcripts", () => {
    const manifest = JSON.parse(readFileSync(join(backupDir, "manifest.json"), "utf8"));
    expect(manifest.counts.objects).toBe(2); // the uploaded file and the avatar
    expect(manifest.counts.conversations).toBe(1);
    expect(Object.keys(manifest.files)).toEqual(expect.arrayContaining(["d1.sql", "transcripts.jsonl"]));
    const transcript = JSON.parse(readFileSync(join(backupDir, "transcripts.jsonl"), "utf8").split("\n")[0] ?? "");
    expect(transcript.agentId).toBe(AGENT);
  });

  it("brings agents, knowledge, contacts and settings back identical, with the index rebuilt", async () => {
    const target = await start("b", envWith("b", sameKey));
    const result = await restore({
      dir: backupDir,
      url: target.url,
      token: TOKEN,
      target: { remote: false, persistTo: join(scratch, "b") },
    });
    expect(result.secrets.unreadable).toEqual([]);
    await untilSourcesReady(target);
    expect(await snapshot(target)).toEqual(before);
    await vi.waitFor(
      async () => expect(await rankedTitles(target, "How much does the zebra plan cost?")).toContain(DOC.title),
      { timeout: 30_000, interval: 250 },
    );
    expect(await rankedTitles(target, "How often should I water my orchid?")).toContain("Orchid care");
    await target.stop();
  }, 180_000);

  it("lists the secrets to set again when the deployment has another SECRETS_KEY", async () => {
    const target = await start("c", envWith("c", "b".repeat(40)));
    const result = await restore({
      dir: backupDir,
      url: target.url,
      token: TOKEN,
      target: { remote: false, persistTo: join(scratch, "c") },
    });
    expect(result.secrets.unreadable).toEqual([
      expect.objectContaining({
        kind: "agent_secret",
        agentId: AGENT,
        name: "webhook_signing",
        code: "secret_key_unknown",
      }),
    ]);
    await target.stop();
  }, 180_000);
});
