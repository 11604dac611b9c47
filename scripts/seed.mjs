// Seeds the demo agent through the admin API: the agent itself, every docs/*.md as a file source,
// the short answers and the demo contacts in scripts/demo-agent.json. Safe to run again: it converges, never duplicates.
//
//   node scripts/seed.mjs --url http://127.0.0.1:8787 --token <ADMIN_TOKEN>
//   (FRONTDESK_URL and ADMIN_TOKEN from the environment are used when the flags are absent)
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import demo from "./demo-agent.json" with { type: "json" };

const DOCS_DIR = fileURLToPath(new URL("../docs", import.meta.url));
const DEFAULT_URL = "http://127.0.0.1:8787"; // where `npm run dev` serves Frontdesk
const TITLE = /^# +(.+?)\s*$/m; // an article's title is its document's first level-1 heading

/** The docs as articles: id = file name without `.md`, title = first `# ` heading, body = the file. */
export async function readDocs(dir = DOCS_DIR) {
  const names = (await readdir(dir)).filter((name) => name.endsWith(".md")).sort();
  return Promise.all(
    names.map(async (name) => {
      const body = await readFile(join(dir, name), "utf8");
      const title = TITLE.exec(body)?.[1];
      if (!title) throw new Error(`${join(dir, name)} has no "# Title" heading`);
      return { id: name.slice(0, -".md".length), title, body };
    }),
  );
}

function adminClient(url, token) {
  const base = url.replace(/\/+$/, "");
  return async function request(method, path, body) {
    let response;
    const isForm = body instanceof FormData;
    try {
      response = await fetch(`${base}/api${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body === undefined || isForm ? {} : { "content-type": "application/json" }),
        },
        body: body === undefined ? undefined : isForm ? body : JSON.stringify(body),
      });
    } catch (error) {
      throw new Error(`cannot reach Frontdesk at ${base}: ${error.cause?.message ?? error.message}`);
    }
    if (response.status === 204) return null;
    const text = await response.text();
    if (!response.ok) {
      let detail = text;
      try {
        const { error } = JSON.parse(text);
        detail = `${error.code}: ${error.message}${error.details ? ` ${JSON.stringify(error.details)}` : ""}`;
      } catch {
        // not our error shape; show the raw body
      }
      throw new Error(`${method} /api${path} failed with ${response.status} (${detail.slice(0, 500)})`);
    }
    return JSON.parse(text);
  };
}

/** The source name of a docs file: its path in the repository. */
export const docSourceName = (doc) => `docs/${doc.id}.md`;
// A guard: the queue indexes the docs in about a second, but a 2-core machine starting several e2e
// servers at once once took over 30 s.
const INDEX_WAIT_MS = 60_000;
const POLL_MS = 100;

/**
 * Creates or updates the demo agent and its short answers, and uploads docs/*.md as file sources
 * (replacing the ones an earlier run uploaded), then waits until they are indexed.
 * @param {{ url?: string, token?: string, docs?: { id: string, title: string, body: string }[] }} [options]
 */
export async function seedDemo({ url = DEFAULT_URL, token, docs } = {}) {
  if (!token) throw new Error("an admin token is required (--token or ADMIN_TOKEN)");
  const request = adminClient(url, token);
  const agentPath = `/agents/${demo.id}`;
  const saved = await request("PUT", agentPath, demo.agent);
  // A re-seed edits a live agent, which makes a draft: the demo's configuration goes live at once.
  if (saved?.draft) await request("POST", `${agentPath}/publish`);

  const articles = docs ?? (await readDocs());
  const names = new Set(articles.map(docSourceName));
  const { items: before } = await request("GET", `${agentPath}/sources`);
  for (const source of before.filter((s) => s.type === "file" && s.name.startsWith("docs/"))) {
    await request("DELETE", `${agentPath}/sources/${source.id}`);
  }
  // Earlier versions seeded the docs as articles: remove those so nothing is indexed twice.
  const ids = new Set(articles.map((article) => article.id));
  const { items: stored } = await request("GET", `${agentPath}/articles`);
  for (const article of stored.filter((item) => ids.has(item.id)))
    await request("DELETE", `${agentPath}/articles/${article.id}`);

  const form = new FormData();
  for (const article of articles)
    form.append("file", new Blob([article.body], { type: "text/markdown" }), docSourceName(article));
  await request("POST", `${agentPath}/files`, form);
  const deadline = Date.now() + INDEX_WAIT_MS;
  for (;;) {
    const { items } = await request("GET", `${agentPath}/sources`);
    const docsSources = items.filter((s) => s.type === "file" && names.has(s.name));
    const failed = docsSources.find((s) => s.status === "failed");
    if (failed) throw new Error(`${failed.name} could not be indexed: ${failed.error}`);
    if (docsSources.length === names.size && docsSources.every((s) => s.status === "ready")) break;
    if (Date.now() > deadline) {
      const pending = docsSources.filter((s) => s.status !== "ready").map((s) => `${s.name}: ${s.status}`);
      const missing = names.size - docsSources.length;
      throw new Error(
        `the docs were not indexed in ${INDEX_WAIT_MS / 1000} s (is the queue consumer running?): ` +
          `${missing} not listed, not ready: ${pending.join(", ") || "none"}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }

  const { items: existing } = await request("GET", `${agentPath}/short-answers`);
  const known = new Set(existing.map((item) => item.question.trim()));
  let created = 0;
  for (const shortAnswer of demo.shortAnswers) {
    if (known.has(shortAnswer.question.trim())) continue;
    await request("POST", `${agentPath}/short-answers`, shortAnswer);
    created++;
  }
  // Demo contacts (for trying the CRM flows offline): created once, never overwritten.
  for (const contact of demo.contacts) {
    const { items: found } = await request("GET", `/contacts?email=${encodeURIComponent(contact.email)}`);
    if (found.length === 0) await request("POST", "/contacts", contact);
  }
  return { agentId: demo.id, documents: articles.length, shortAnswersCreated: created };
}

async function main() {
  const { values } = parseArgs({ options: { url: { type: "string" }, token: { type: "string" } } });
  const url = values.url ?? process.env.FRONTDESK_URL ?? DEFAULT_URL;
  const token = values.token ?? process.env.ADMIN_TOKEN;
  const result = await seedDemo({ url, token });
  console.error(
    `Seeded agent "${result.agentId}" at ${url}: ${result.documents} docs, ${result.shortAnswersCreated} new short answers.`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error) => {
    console.error(`seed failed: ${error.message}`);
    process.exit(1);
  });
}
