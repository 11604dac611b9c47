/**
 * Integration-test helpers for the admin API: `adminFetch` (the worker's own fetch with the test
 * admin token) and `seedDemoAgent`, which seeds the demo agent the way scripts/seed.mjs does,
 * from the same scripts/demo-agent.json and docs/*.md, through the admin API inside workerd.
 */
import { env, exports } from "cloudflare:workers";
import { ingestFileSource } from "../../../worker/knowledge/files";
import demo from "../../../scripts/demo-agent.json";

export const DEMO_AGENT = demo;
export const TEST_ORIGIN = "http://frontdesk.test"; // any origin: the request never leaves workerd

/** docs/*.md as raw strings, keyed by their path relative to this file; Vite inlines them at transform time. */
const docFiles = import.meta.glob<string>("../../../docs/*.md", { query: "?raw", import: "default", eager: true });

export type DemoDoc = { id: string; title: string; body: string };

/** The docs as scripts/seed.mjs sends them: id = file name without `.md`, title = first `# ` heading. */
export function demoDocs(): DemoDoc[] {
  return Object.entries(docFiles)
    .map(([path, body]) => {
      const id = path.slice(path.lastIndexOf("/") + 1, -".md".length);
      const title = /^# +(.+?)\s*$/m.exec(body)?.[1];
      if (!title) throw new Error(`${path} has no "# Title" heading`);
      return { id, title, body };
    })
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Calls the worker's own fetch at `/api${path}` with the admin bearer token (unless `token` overrides it). */
export function adminFetch(
  path: string,
  init: RequestInit & { token?: string | null; json?: unknown } = {},
): Promise<Response> {
  const { token = env.ADMIN_TOKEN, json, ...rest } = init;
  const headers = new Headers(rest.headers);
  if (token !== null) headers.set("authorization", `Bearer ${token}`);
  if (json !== undefined) headers.set("content-type", "application/json");
  const body = json === undefined ? rest.body : JSON.stringify(json);
  return exports.default.fetch(new Request(`${TEST_ORIGIN}/api${path}`, { ...rest, headers, body }));
}

async function expectOk(response: Response, what: string): Promise<Response> {
  if (!response.ok) throw new Error(`${what} failed with ${response.status}: ${await response.text()}`);
  return response;
}

/**
 * Seeds (or re-seeds, idempotently) the demo agent as scripts/seed.mjs does: docs/*.md uploaded as
 * file sources (replacing earlier uploads) and ingested — here directly, as the queue consumer would.
 */
export async function seedDemoAgent(): Promise<{ agentId: string; documents: number; shortAnswersCreated: number }> {
  const agentPath = `/agents/${demo.id}`;
  const saved = (await (
    await expectOk(await adminFetch(agentPath, { method: "PUT", json: demo.agent }), "PUT demo agent")
  ).json()) as { draft: unknown };
  if (saved.draft) await expectOk(await adminFetch(`${agentPath}/publish`, { method: "POST" }), "publish demo agent");

  const docs = demoDocs();
  const sources = (await (await expectOk(await adminFetch(`${agentPath}/sources`), "list sources")).json()) as {
    items: { id: string; type: string; name: string }[];
  };
  for (const source of sources.items.filter((s) => s.type === "file" && s.name.startsWith("docs/"))) {
    await expectOk(
      await adminFetch(`${agentPath}/sources/${source.id}`, { method: "DELETE" }),
      `DELETE source ${source.name}`,
    );
  }
  const form = new FormData();
  for (const doc of docs) form.append("file", new Blob([doc.body], { type: "text/markdown" }), `docs/${doc.id}.md`);
  const uploaded = (await (
    await expectOk(await adminFetch(`${agentPath}/files`, { method: "POST", body: form }), "upload docs")
  ).json()) as {
    items: { source: { id: string } }[];
  };
  for (const item of uploaded.items) await ingestFileSource(env, demo.id, item.source.id);

  const existing = (await (
    await expectOk(await adminFetch(`${agentPath}/short-answers`), "list short answers")
  ).json()) as { items: { question: string }[] };
  const known = new Set(existing.items.map((item) => item.question.trim()));
  let created = 0;
  for (const shortAnswer of demo.shortAnswers) {
    if (known.has(shortAnswer.question.trim())) continue;
    await expectOk(
      await adminFetch(`${agentPath}/short-answers`, { method: "POST", json: shortAnswer }),
      "POST short answer",
    );
    created++;
  }
  return { agentId: demo.id, documents: docs.length, shortAnswersCreated: created };
}
