/**
 * The embed allowlist in a real browser, cross-site: a host page on `localhost` shows the widget of
 * an agent that lists it, and shows nothing of a conversation for an agent that lists only another
 * site — no launcher appears there, so no panel is framed and no conversation is started — and no
 * launcher for an agent that is unpublished, until it is published again.
 */
import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium, newContext } from "./support/browser";
import { startSeededFrontdesk, type RunningFrontdesk } from "./support/frontdesk";
import { openWidget, startHostSite, type HostSite } from "./support/host-site";

let frontdesk: RunningFrontdesk;
let listedSite: HostSite;
let otherSite: HostSite;
let goneSite: HostSite;
let browser: Browser;
let context: BrowserContext;

async function saveAgent(id: string, allowedOrigins: string[]): Promise<void> {
  const response = await fetch(`${frontdesk.url}/api/agents/${id}`, {
    method: "PUT",
    headers: { authorization: `Bearer ${frontdesk.adminToken}`, "content-type": "application/json" },
    body: JSON.stringify({ name: "Acme Help", personality: "friendly", greeting: "Hi!", settings: { allowedOrigins } }),
  });
  expect(response.status, await response.clone().text()).toBeLessThan(300);
}

beforeAll(async () => {
  frontdesk = await startSeededFrontdesk();
  listedSite = await startHostSite(frontdesk.url, {}, "acme-listed");
  otherSite = await startHostSite(frontdesk.url, {}, "acme-elsewhere");
  goneSite = await startHostSite(frontdesk.url, {}, "acme-gone");
  await saveAgent("acme-listed", [new URL(listedSite.url).origin]);
  await saveAgent("acme-elsewhere", ["https://shop.example.com"]);
  await saveAgent("acme-gone", []);
  browser = await launchChromium();
  context = await newContext(browser);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await listedSite?.close();
  await otherSite?.close();
  await goneSite?.close();
  await frontdesk?.stop();
});

describe("the embed allowlist", () => {
  it("shows the widget on a listed site, framed under its frame-ancestors policy", async () => {
    const page = await context.newPage();
    const panelResponse = page.waitForResponse((r) => new URL(r.url()).pathname === "/panel");
    const panel = await openWidget(page, listedSite.url);
    expect((await panelResponse).headers()["content-security-policy"]).toBe(
      `frame-ancestors ${new URL(listedSite.url).origin}`,
    );
    expect(await panel.locator(".fd-title").textContent()).toBe("Acme Help");
    await expect.poll(() => panel.locator(".fd-msg").first().textContent()).toContain("Hi!");
    await page.close();
  }, 60_000);

  it("shows nothing of a conversation on a site the agent does not list", async () => {
    const otherOrigin = new URL(otherSite.url).origin;
    // The loader's config request from this site is refused (the browser hides the body from the page).
    const config = await fetch(`${frontdesk.url}/v1/agents/acme-elsewhere/widget-config`, {
      headers: { origin: otherOrigin },
    });
    expect(config.status).toBe(403);
    expect(((await config.json()) as { error: { code: string } }).error.code).toBe("origin_not_allowed");

    const page = await context.newPage();
    const requests: string[] = [];
    page.on("request", (request) => requests.push(request.url()));
    // Refused without CORS headers, the request fails in the browser: the loader sees no config at all.
    const failed = page.waitForEvent("requestfailed", (r) =>
      r.url().endsWith("/v1/agents/acme-elsewhere/widget-config"),
    );
    await page.goto(otherSite.url);
    await failed;
    // No launcher at all: nothing to click, no panel to frame.
    await expect.poll(() => page.evaluate(() => document.readyState)).toBe("complete");
    expect(await page.getByRole("button", { name: "Open chat" }).count()).toBe(0);
    expect(requests.filter((url) => new URL(url).pathname === "/panel")).toEqual([]);
    expect(requests.filter((url) => url.includes("/conversations") || url.includes("/panel.js"))).toEqual([]);
    await page.close();
  }, 60_000);

  it("shows no launcher for an unpublished agent, and shows it again once it is published", async () => {
    const admin = (path: string) =>
      fetch(`${frontdesk.url}/api/agents/acme-gone/${path}`, {
        method: "POST",
        headers: { authorization: `Bearer ${frontdesk.adminToken}` },
      });
    // A fresh browser each time: a visitor's browser keeps the config for up to a minute (its max-age).
    // `status` 0: the browser refused the answer (an error carries no CORS headers), so the loader saw none.
    const launcherAfterConfig = async (): Promise<{ status: number; launchers: number }> => {
      const visitor = await newContext(browser);
      const page = await visitor.newPage();
      const isConfig = (r: { url(): string }) => r.url().endsWith("/v1/agents/acme-gone/widget-config");
      const config = Promise.race([
        page.waitForResponse(isConfig).then((r) => r.status()),
        page.waitForEvent("requestfailed", isConfig).then(() => 0),
      ]);
      await page.goto(goneSite.url);
      const status = await config;
      if (status === 200) await page.getByRole("button", { name: "Open chat" }).waitFor();
      else await expect.poll(() => page.evaluate(() => document.readyState)).toBe("complete");
      const launchers = await page.getByRole("button", { name: "Open chat" }).count();
      await visitor.close();
      return { status, launchers };
    };
    const direct = () => fetch(`${frontdesk.url}/v1/agents/acme-gone/widget-config`).then((r) => r.status);
    expect(await launcherAfterConfig()).toEqual({ status: 200, launchers: 1 });
    expect((await admin("unpublish")).status).toBe(200);
    expect(await direct()).toBe(404);
    expect(await launcherAfterConfig()).toEqual({ status: 0, launchers: 0 });
    expect((await admin("publish")).status).toBe(200);
    expect(await launcherAfterConfig()).toEqual({ status: 200, launchers: 1 });
  }, 60_000);
});
