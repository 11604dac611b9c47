/**
 * Integration-test helpers for the admin API: `adminFetch` (the worker's own fetch with the test
 * admin token) and `seedDemoAgent`, which seeds the demo agent the way scripts/seed.mjs does,
 * from the same scripts/demo-agent.json and docs/*.md, through the admin API inside workerd.
 */
import { env, exports } from "cloudflare:workers";
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
export function adminFetch(path: string, init: RequestInit & { token?: string | null; json?: unknown } = {}): Promise<Response> {
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

/** Seeds (or re-seeds, idempotently) the demo agent with its docs and short answers. */
export async function seedDemoAgent(): Promise<{ agentId: string; articles: number; shortAnswersCreated: number }> {
  const agentPath = `/agents/${demo.id}`;
  await expectOk(await adminFetch(agentPath, { method: "PUT", json: demo.agent }), "PUT demo agent");

  const docs = demoDocs();
  for (const doc of docs) {
    const response = await adminFetch(`${agentPath}/articles/${doc.id}`, { method: "PUT", json: { title: doc.title, body: doc.body, url: null } });
    await expectOk(response, `PUT article ${doc.id}`);
  }
  const wanted = new Set(docs.map((doc) => doc.id));
  const stored = (await (await expectOk(await adminFetch(`${agentPath}/articles`), "list articles")).json()) as { items: { id: string }[] };
  for (const article of stored.items.filter((item) => !wanted.has(item.id))) {
    await expectOk(await adminFetch(`${agentPath}/articles/${article.id}`, { method: "DELETE" }), `DELETE article ${article.id}`);
  }

  const existing = (await (await expectOk(await adminFetch(`${agentPath}/short-answers`), "list short answers")).json()) as { items: { question: string }[] };
  const known = new Set(existing.items.map((item) => item.question.trim()));
  let created = 0;
  for (const shortAnswer of demo.shortAnswers) {
    if (known.has(shortAnswer.question.trim())) continue;
    await expectOk(await adminFetch(`${agentPath}/short-answers`, { method: "POST", json: shortAnswer }), "POST short answer");
    created++;
  }
  return { agentId: demo.id, articles: docs.length, shortAnswersCreated: created };
}
