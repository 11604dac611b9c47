/**
 * The widget's preview mode in a real browser: a preview token minted through the admin API, the
 * preview page opened from the URL it returns, and a question about the demo agent's docs answered
 * from the draft (its name and avatar) with its evidence (ranked sources with scores, grounding)
 * under the answer. The admin token never reaches the browser, and the preview token never leaves
 * it in a URL.
 */
import { mkdirSync } from "node:fs";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import demo from "../../scripts/demo-agent.json" with { type: "json" };
import { blockingViolations } from "./support/accessibility";
import { launchChromium, newContext, STEP_TIMEOUT_MS } from "./support/browser";
import { startSeededFrontdesk, type RunningFrontdesk } from "./support/frontdesk";

const SCREENSHOTS = new URL("../../test-results/", import.meta.url).pathname;
const QUESTION = "How do I embed the widget on my site?";
const DRAFT_NAME = "Frontdesk Demo (draft)";
/** A real 1×1 PNG. */
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=",
  "base64",
);

let frontdesk: RunningFrontdesk;
let browser: Browser;
let context: BrowserContext;

async function admin(method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${frontdesk.url}/api${path}`, {
    method,
    headers: {
      authorization: `Bearer ${frontdesk.adminToken}`,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

/** Every request the page makes, with its URL and Authorization header. */
function recordRequests(page: Page): { url: string; authorization: string | undefined }[] {
  const seen: { url: string; authorization: string | undefined }[] = [];
  page.on("request", (request) => seen.push({ url: request.url(), authorization: request.headers().authorization }));
  return seen;
}

beforeAll(async () => {
  frontdesk = await startSeededFrontdesk();
  // A draft of the live demo agent, with a new name and an avatar: only the preview shows it.
  const form = new FormData();
  form.append("file", new Blob([PNG], { type: "image/png" }), "avatar.png");
  const uploaded = await fetch(`${frontdesk.url}/api/agents/demo/avatar`, {
    method: "POST",
    headers: { authorization: `Bearer ${frontdesk.adminToken}` },
    body: form,
  });
  expect(uploaded.status).toBe(201);
  const { avatar } = (await uploaded.json()) as { avatar: string };
  const saved = await admin("PUT", "/agents/demo", {
    ...demo.agent,
    name: DRAFT_NAME,
    settings: { ...demo.agent.settings, avatar },
  });
  expect(saved.status).toBe(200);
  browser = await launchChromium();
  context = await newContext(browser);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await frontdesk?.stop();
});

describe("the widget's preview mode", () => {
  it("answers from the draft with sources, scores and grounding under each answer, on a preview token only", async () => {
    const minted = await admin("POST", "/agents/demo/preview-token");
    expect(minted.status).toBe(201);
    const { token, url } = (await minted.json()) as { token: string; url: string };
    expect(url.startsWith(`${frontdesk.url}/preview#`)).toBe(true);

    const page = await context.newPage();
    const requests = recordRequests(page);
    await page.goto(url);
    await page.getByText("Preview of the draft — not visible to visitors").waitFor();
    await expect.poll(() => page.locator(".fd-title").textContent(), { timeout: STEP_TIMEOUT_MS }).toBe(DRAFT_NAME);
    expect(await page.locator(".fd-status").count()).toBe(0); // the loading placeholder is gone
    // The avatar loads (served as an image, allowed by the page's CSP) and is decorative.
    const avatar = page.locator("img.fd-avatar");
    await expect
      .poll(() => avatar.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth), {
        timeout: STEP_TIMEOUT_MS,
      })
      .toBe(1);
    expect(await avatar.getAttribute("alt")).toBe("");
    // Visitors still get the published agent.
    const published = (await (await fetch(`${frontdesk.url}/v1/agents/demo/widget-config`)).json()) as {
      name: string;
      avatarUrl: string | null;
    };
    expect(published).toMatchObject({ name: demo.agent.name, avatarUrl: null });

    await page.getByLabel("Your message").fill(QUESTION);
    await page.getByLabel("Your message").press("Enter");
    const turn = page.locator(".fd-turn").first();
    const ranked = turn.locator(".fd-ev-ranked li");
    await ranked.first().waitFor();
    expect(await ranked.first().textContent()).toMatch(/^\d\.\d{3} .*embed/i);
    expect(await turn.locator(".fd-ev-grounding").textContent()).toMatch(/Grounding: \d\.\d{3} · answered/);
    expect(await turn.locator(".fd-sources li").first().textContent()).toMatch(/embed/i);
    expect(await turn.locator(".fd-msg.fd-assistant").textContent()).toMatch(/widget\.js/);
    expect(await turn.locator(".fd-ev-version").textContent()).toMatch(/Draft version \d+/);

    // A follow-up goes with the page's history and gets its own evidence.
    await page.getByLabel("Your message").fill("Does Frontdesk need an API key?");
    await page.getByLabel("Your message").press("Enter");
    await expect.poll(() => page.locator(".fd-turn .fd-evidence").count(), { timeout: STEP_TIMEOUT_MS }).toBe(2);
    // Both answers with their sources and evidence in view: nothing in them may block a screen-reader or keyboard user.
    expect(await blockingViolations(page)).toEqual([]);
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: `${SCREENSHOTS}preview-e2e.png`, fullPage: true });

    const api = requests.filter((r) => r.url.startsWith(`${frontdesk.url}/v1/agents/demo/preview`));
    expect(api.length).toBeGreaterThanOrEqual(3); // the draft config and two answers
    for (const request of requests) {
      expect(request.authorization ?? "").not.toContain(frontdesk.adminToken);
      expect(request.url).not.toContain(token); // the fragment is never sent
    }
    for (const request of api) expect(request.authorization).toBe(`Bearer ${token}`);
  }, 120_000);

  it("says so when the link is not valid, and offers no way to ask", async () => {
    const page = await context.newPage();
    await page.goto(`${frontdesk.url}/preview#agent=demo&token=pv1.demo.4102444800.forged`);
    await page.getByText("This preview link is not valid for this agent").waitFor();
    expect(await page.getByLabel("Your message").count()).toBe(0);
    expect(await blockingViolations(page)).toEqual([]); // the refusal, too, sits in the page's landmarks
    await page.goto(`${frontdesk.url}/preview`);
    await page.reload();
    await page.getByText("This preview link is incomplete").waitFor();
  }, 60_000);
});
