// Seeds the demo agent through the admin API: the agent itself, every docs/*.md as an article,
// and the short answers in scripts/demo-agent.json. Safe to run again: it converges, never duplicates.
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
    try {
      response = await fetch(`${base}/api${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
        body: body === undefined ? undefined : JSON.stringify(body),
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

/**
 * Creates or updates the demo agent, its articles and short answers. Articles of the demo agent
 * that no longer have a file in docs/ are removed, so the agent always answers from docs/ as it is.
 * @param {{ url?: string, token?: string, docs?: { id: string, title: string, body: string }[] }} [options]
 */
export async function seedDemo({ url = DEFAULT_URL, token, docs } = {}) {
  if (!token) throw new Error("an admin token is required (--token or ADMIN_TOKEN)");
  const request = adminClient(url, token);
  const agentPath = `/agents/${demo.id}`;
  await request("PUT", agentPath, demo.agent);

  const articles = docs ?? (await readDocs());
  for (const article of articles) {
    await request("PUT", `${agentPath}/articles/${article.id}`, { title: article.title, body: article.body, url: null });
  }
  const wanted = new Set(articles.map((article) => article.id));
  const { items: stored } = await request("GET", `${agentPath}/articles`);
  for (const article of stored.filter((item) => !wanted.has(item.id))) {
    await request("DELETE", `${agentPath}/articles/${article.id}`);
  }

  const { items: existing } = await request("GET", `${agentPath}/short-answers`);
  const known = new Set(existing.map((item) => item.question.trim()));
  let created = 0;
  for (const shortAnswer of demo.shortAnswers) {
    if (known.has(shortAnswer.question.trim())) continue;
    await request("POST", `${agentPath}/short-answers`, shortAnswer);
    created++;
  }
  return { agentId: demo.id, articles: articles.length, shortAnswersCreated: created };
}

async function main() {
  const { values } = parseArgs({ options: { url: { type: "string" }, token: { type: "string" } } });
  const url = values.url ?? process.env.FRONTDESK_URL ?? DEFAULT_URL;
  const token = values.token ?? process.env.ADMIN_TOKEN;
  const result = await seedDemo({ url, token });
  console.error(`Seeded agent "${result.agentId}" at ${url}: ${result.articles} articles, ${result.shortAnswersCreated} new short answers.`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error) => {
    console.error(`seed failed: ${error.message}`);
    process.exit(1);
  });
}
