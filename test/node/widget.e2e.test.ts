/**
 * The widget in a real browser, cross-site as on a customer's site: the host page is served from
 * `localhost`, the Worker from `127.0.0.1` (different sites, so the panel's own storage is
 * partitioned away and the loader's first-party storage has to carry the visitor token).
 */
import { createHmac } from "node:crypto";
import { mkdirSync } from "node:fs";
import type { Browser, BrowserContext, FrameLocator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { blockingViolations } from "./support/accessibility";
import { launchChromium, newContext } from "./support/browser";
import { startSeededFrontdesk, type RunningFrontdesk } from "./support/frontdesk";
import { openWidget as openHostWidget, panelFrame, startHostSite, type HostSite } from "./support/host-site";

const SCREENSHOTS = new URL("../../test-results/", import.meta.url).pathname;
const QUESTION = "How do I embed the widget on my site?";

let frontdesk: RunningFrontdesk;
let host: HostSite;
let hostUrl: string;
let browser: Browser;
let context: BrowserContext;

beforeAll(async () => {
  frontdesk = await startSeededFrontdesk();
  host = await startHostSite(frontdesk.url);
  hostUrl = host.url;
  browser = await launchChromium();
  context = await newContext(browser);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await host?.close();
  await frontdesk?.stop();
});

async function openWidget(page: Page): Promise<FrameLocator> {
  const panel = await openHostWidget(page, hostUrl);
  expect(await panel.locator(".fd-title").textContent()).toBe("Frontdesk Demo");
  return panel;
}

/** Counts the streamed deltas the page's sockets receive. */
function countDeltas(page: Page): { deltas: number } {
  const counter = { deltas: 0 };
  page.on("websocket", (ws) =>
    ws.on("framereceived", ({ payload }) => String(payload).includes('"assistant_delta"') && counter.deltas++),
  );
  return counter;
}

describe("the widget on another site", () => {
  it("answers a question with a streamed, cited reply, and keeps the conversation across a reload and a second tab", async () => {
    const page = await context.newPage();
    const counter = countDeltas(page);
    const socketUrls: string[] = [];
    page.on("websocket", (ws) => socketUrls.push(ws.url()));
    const panel = await openWidget(page);
    await expect.poll(() => panel.locator(".fd-badge").textContent()).toBe("Powered by AI");
    // The panel is cross-site: its own storage is denied, so the loader must keep the token.
    const ownStorage = await page
      .frames()
      .find((f) => f.url().startsWith(frontdesk.url))!
      .evaluate(() => {
        try {
          void localStorage.length;
          return "usable";
        } catch {
          return "denied";
        }
      });
    expect(ownStorage).toBe("denied");

    await panel.getByLabel("Your message").fill(QUESTION);
    await panel.getByLabel("Your message").press("Enter");
    const answer = panel.locator(".fd-msg.fd-assistant:not([aria-busy])", { has: panel.locator(".fd-sources li") });
    await answer.first().waitFor();
    expect(counter.deltas).toBeGreaterThan(1);
    expect(await answer.first().locator(".fd-sources li").first().textContent()).toMatch(/embed/i);
    const answerText = (await answer.first().textContent()) ?? "";
    expect(answerText).toMatch(/widget\.js/);
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: `${SCREENSHOTS}widget-e2e.png` });

    await page.reload();
    await page.getByRole("button", { name: "Open chat" }).click();
    const reloaded = page.frameLocator('iframe[title="Chat"]');
    await reloaded.locator(".fd-msg.fd-visitor", { hasText: QUESTION }).waitFor();
    await reloaded.locator(".fd-sources li").first().waitFor();
    // Each connect used its own single-use ticket; the year-long visitor token never went in a URL.
    const tickets = socketUrls.map((url) => new URL(url).searchParams.get("ticket"));
    expect(tickets.length).toBeGreaterThanOrEqual(2);
    expect(tickets.every((ticket) => ticket?.startsWith("t1."))).toBe(true);
    expect(new Set(tickets).size).toBe(tickets.length);
    expect(socketUrls.some((url) => new URL(url).searchParams.has("token"))).toBe(false);

    const second = await context.newPage();
    const other = await openWidget(second);
    await other.locator(".fd-msg.fd-visitor", { hasText: QUESTION }).waitFor();
    await other.getByLabel("Your message").fill("Does Frontdesk need an API key?");
    await other.getByLabel("Your message").press("Enter");
    await reloaded.locator(".fd-msg.fd-visitor", { hasText: "Does Frontdesk need an API key?" }).waitFor();
    await expect
      .poll(() => reloaded.locator(".fd-msg.fd-assistant:not([aria-busy])").count())
      .toBeGreaterThanOrEqual(3);
  }, 120_000);

  it("opens from the keyboard, fills a phone screen, and closes with Escape", async () => {
    const phone = await newContext(browser, { viewport: { width: 375, height: 667 }, isMobile: true, hasTouch: true });
    const page = await phone.newPage();
    await page.goto(hostUrl);
    const launcher = page.getByRole("button", { name: "Open chat" });
    await launcher.waitFor();
    await launcher.focus();
    await page.keyboard.press("Enter");
    const panel = page.frameLocator('iframe[title="Chat"]');
    await expect.poll(() => panel.locator(".fd-title").textContent()).toBe("Frontdesk Demo");
    const box = await page.locator('iframe[title="Chat"]').boundingBox();
    expect(box).toMatchObject({ x: 0, y: 0, width: 375, height: 667 });
    await expect
      .poll(() => panel.getByLabel("Your message").evaluate((el) => el === document.activeElement))
      .toBe(true);
    await panel.getByLabel("Your message").press("Escape");
    await expect.poll(() => page.locator('iframe[title="Chat"]').isVisible()).toBe(false);
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute("aria-label"))).toBe("Open chat");
    await phone.close();
  }, 60_000);

  it("passes axe (no serious or critical violation, content in landmarks) with a cited answer and a code block in view", async () => {
    const visitor = await newContext(browser);
    const page = await visitor.newPage();
    const panel = await openWidget(page);
    await panel.getByLabel("Your message").fill(QUESTION);
    await panel.getByLabel("Your message").press("Enter");
    const answer = panel.locator(".fd-msg.fd-assistant:not([aria-busy])", { has: panel.locator(".fd-sources li") });
    await answer.first().waitFor();
    // What failed before issue 15 must be on screen: the "Sources" label, and a code block wide enough to scroll.
    expect(await answer.first().locator(".fd-sources-label").textContent()).toBe("Sources");
    const code = answer.first().locator("pre");
    expect(await code.first().evaluate((pre) => pre.scrollWidth > pre.clientWidth)).toBe(true);
    expect(await blockingViolations(await panelFrame(page))).toEqual([]);
    await visitor.close();
  }, 60_000);

  it("links a citation to its source's page, safely", async () => {
    const saved = await fetch(`${frontdesk.url}/api/agents/demo/articles/store-hours`, {
      method: "PUT",
      headers: { authorization: `Bearer ${frontdesk.adminToken}`, "content-type": "application/json" },
      body: JSON.stringify({
        title: "Store opening hours",
        url: "https://acme.example/help/hours",
        body: "Our Copenhagen store opens at ten every weekday and closes at six.",
      }),
    });
    expect(saved.status).toBe(201);
    const visitor = await newContext(browser);
    const panel = await openWidget(await visitor.newPage());
    await panel.getByLabel("Your message").fill("When does the Copenhagen store open?");
    await panel.getByLabel("Your message").press("Enter");
    const link = panel.locator('.fd-sources a[href="https://acme.example/help/hours"]');
    await link.waitFor();
    expect(await link.textContent()).toBe("Store opening hours");
    expect(await link.getAttribute("target")).toBe("_blank");
    expect(await link.getAttribute("rel")).toContain("noopener");
    await visitor.close();
  }, 60_000);

  it("passes the host page's signed identity to the server, which verifies the visitor live", async () => {
    const rotated = await fetch(`${frontdesk.url}/api/agents/demo/identity-secret`, {
      method: "POST",
      headers: { authorization: `Bearer ${frontdesk.adminToken}` },
    });
    expect(rotated.status).toBe(201);
    const { secret } = (await rotated.json()) as { secret: string };
    const email = "jane@acme.example";
    const issuedAt = String(Math.floor(Date.now() / 1000)); // signed with the page, in unix seconds
    const hash = createHmac("sha256", secret).update(`42:${email}:${issuedAt}`).digest("hex");
    // The customer's page for signed-in users vouches for its user with data-identity-* attributes.
    const signedIn = await startHostSite(frontdesk.url, {
      "data-identity-email": email,
      "data-identity-user-id": "42",
      "data-identity-issued-at": issuedAt,
      "data-identity-hash": hash,
    });
    const visitor = await newContext(browser);
    const page = await visitor.newPage();
    await page.goto(signedIn.url);
    await page.getByRole("button", { name: "Open chat" }).click();
    await page.frameLocator('iframe[title="Chat"]').getByText(`Verified as ${email}`).waitFor();
    await visitor.close();
    await signedIn.close();

    // A page that learns its user after loading sets the attributes later: they count when the chat opens.
    const later = await newContext(browser);
    const spa = await later.newPage();
    await spa.goto(hostUrl);
    await spa.getByRole("button", { name: "Open chat" }).waitFor();
    const bob = "bob@acme.example";
    const bobHash = createHmac("sha256", secret).update(`${bob}:${issuedAt}`).digest("hex");
    await spa.evaluate(
      ([address, signature, at]) => {
        const tag = document.querySelector<HTMLScriptElement>("script[data-agent]");
        if (tag) Object.assign(tag.dataset, { identityEmail: address, identityHash: signature, identityIssuedAt: at });
      },
      [bob, bobHash, issuedAt],
    );
    await spa.getByRole("button", { name: "Open chat" }).click();
    await spa.frameLocator('iframe[title="Chat"]').getByText(`Verified as ${bob}`).waitFor();
    await later.close();
  }, 60_000);
});
