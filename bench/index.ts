/**
 * `npm run bench`: builds the widget, starts Frontdesk with `wrangler dev` on a free loopback port
 * with the offline model, and prints figures (never pass/fail on time): widget sizes and the time
 * from a visitor frame to the first streamed delta; then, in Node, search latency and the output guard;
 * and search latency inside the knowledge index Durable Object (cold and warm, in the vitest pool).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startFrontdesk } from "../scripts/lib/frontdesk-server.mjs";
import { localVars, writeEnvFile } from "../scripts/lib/env-file.mjs";
import { buildWidget } from "../scripts/build-widget.mjs";
import { seedDemo } from "../scripts/seed.mjs";
import { firstDeltaLatency } from "./first-delta.ts";
import { DEMO_QUESTIONS, prepareAgentForLoad } from "./load/agent-settings.ts";
import { ingestionThroughput, queryLatency } from "./knowledge.ts";
import { indexObjectLatency } from "./index-do.ts";
import { CRAWL_SITE_PAGES, crawlTime } from "./crawl.ts";
import { outputGuardThroughput } from "./output-guard.ts";
import { crawlRegexTimes } from "./crawl-regex.ts";
import { startGeneratedSite } from "../test/node/generated-site.ts";

const TURNS = 200; // the median of 200 turns is stable to within a few percent here

console.log("Widget files (bytes: raw, gzip, brotli; budgets apply to brotli)");
await buildWidget(); // prints the size of every file it writes

const scratch = mkdtempSync(join(tmpdir(), "frontdesk-bench-"));
const envFile = join(scratch, "vars.env");
const adminToken = "bench-admin-token";
const site = await startGeneratedSite(CRAWL_SITE_PAGES); // the generated site the crawl benchmark imports
writeEnvFile(envFile, localVars({ ADMIN_TOKEN: adminToken, ALLOW_LOOPBACK_FETCH: new URL(site.url).host }));
const server = await startFrontdesk({
  port: "any",
  persistTo: join(scratch, "state"),
  envFile,
  quiet: true,
});
try {
  await seedDemo({ url: server.url, token: adminToken });
  // 200 turns in one conversation: the limits are raised and handoff after unanswered questions is off
  // through the admin API, as an owner would, so this run measures turns rather than the limiter.
  await prepareAgentForLoad(server.url, adminToken);
  const figures = await firstDeltaLatency(server.url, "demo", DEMO_QUESTIONS, TURNS);
  console.log(`Visitor frame -> first streamed delta, offline model, ${figures.turns} turns (ms)`);
  console.log(
    `  median ${figures.medianMs.toFixed(2)}  p95 ${figures.p95Ms.toFixed(2)}  min ${figures.minMs.toFixed(2)}  max ${figures.maxMs.toFixed(2)}`,
  );
  await fetch(`${server.url}/api/agents/bench-kb`, {
    method: "PUT",
    headers: { authorization: `Bearer ${adminToken}`, "content-type": "application/json" },
    body: JSON.stringify({ name: "Bench", personality: "professional", greeting: "Hello" }),
  });
  console.log("Ingestion through upload, queue and index (Arduino help center)");
  console.log(await ingestionThroughput({ url: server.url, token: adminToken, agentId: "bench-kb" }));
  console.log(
    `Crawl of a generated ${CRAWL_SITE_PAGES}-page loopback site, capped at 5,000 pages (queue, fetch guard, index)`,
  );
  console.log(await crawlTime({ url: server.url, token: adminToken, agentId: "bench-kb" }, site.url));
} finally {
  await server.stop();
  await site.close();
  console.log("Search latency in the in-memory engine, in Node (eval tooling; 5 documents per query)");
  for (const line of queryLatency()) console.log(line);
  console.log("Search inside the knowledge index Durable Object (workerd, Date.now(); 5 documents per search)");
  for (const line of indexObjectLatency()) console.log(line);
  console.log("Output guard: a long answer streamed in small deltas (checked in time linear in the answer)");
  for (const line of outputGuardThroughput()) console.log(line);
  console.log("Parsing crawled content built to make backtracking regular expressions blow up (median of 5)");
  for (const line of crawlRegexTimes()) console.log(line);
  rmSync(scratch, { recursive: true, force: true });
}
