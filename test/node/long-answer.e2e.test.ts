/**
 * A long answer completes end to end: a generative model (the loopback OpenAI-compatible server)
 * writes 40,000 characters — far over the 16 KB a client frame may be — for an agent whose
 * `maxOutputTokens` allows it, and the widget on another site shows it finished, all of it. Before
 * server events had their own cap the panel dropped the complete event and the answer never ended.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import demo from "../../scripts/demo-agent.json" with { type: "json" };
import {
  LONG_ANSWER_CHARS,
  LONG_ANSWER_END,
  LONG_PREFIX,
  startOpenAILoopback,
  type LoopbackServer,
} from "./openai-loopback-server";
import { launchChromium, newContext } from "./support/browser";
import { startSeededFrontdesk, type RunningFrontdesk } from "./support/frontdesk";
import { openWidget, startHostSite, type HostSite } from "./support/host-site";

let loopback: LoopbackServer;
let frontdesk: RunningFrontdesk;
let host: HostSite;
let browser: Browser;

async function admin(path: string, init: { method: string; json?: unknown }): Promise<void> {
  const response = await fetch(`${frontdesk.url}/api${path}`, {
    method: init.method,
    headers: { authorization: `Bearer ${frontdesk.adminToken}`, "content-type": "application/json" },
    ...(init.json ? { body: JSON.stringify(init.json) } : {}),
  });
  expect(response.status, await response.clone().text()).toBeLessThan(300);
}

beforeAll(async () => {
  loopback = await startOpenAILoopback();
  frontdesk = await startSeededFrontdesk({
    OPENAI_API_KEY: "test-key",
    OPENAI_BASE_URL: `${loopback.url}${LONG_PREFIX}v1`,
    FRONTDESK_EMBEDDER: "offline",
  });
  // The longest answers an agent may allow; the default (1,024 tokens) would end far sooner with a real model.
  await admin("/agents/demo", {
    method: "PUT",
    json: { ...demo.agent, settings: { ...demo.agent.settings, maxOutputTokens: 32_768 } },
  });
  await admin("/agents/demo/publish", { method: "POST" });
  host = await startHostSite(frontdesk.url);
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await host?.close();
  await frontdesk?.stop();
  await loopback?.close();
});

describe("a 40,000-character answer", () => {
  it("streams, completes and shows in full in the widget", async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    const panel = await openWidget(page, host.url);
    await panel.getByLabel("Your message").fill("Tell me everything, please.");
    await panel.getByLabel("Your message").press("Enter");
    const done = panel.locator(".fd-msg.fd-assistant:not([aria-busy])", { hasText: LONG_ANSWER_END });
    await done.waitFor();
    const text = (await done.textContent()) ?? "";
    expect(text.length).toBeGreaterThan(LONG_ANSWER_CHARS * 0.95); // Markdown paragraphs lose their blank lines
    expect(text).toContain(`${"x".repeat(10)} ${LONG_ANSWER_END}`); // the very end of the answer arrived
    const request = loopback.requests.findLast((r) => r.path.endsWith("/chat/completions"));
    expect((request?.body as { max_tokens?: number } | undefined)?.max_tokens).toBe(32_768);
    await context.close();
  });
});
