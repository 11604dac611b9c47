/**
 * The embed allowlist in a real browser, cross-site: a host page on `localhost` shows the widget of
 * an agent that lists it, and shows nothing of a conversation for an agent that lists only another
 * site — the browser refuses to frame the panel (`frame-ancestors`) and no conversation is started.
 */
import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium, newContext } from "./support/browser";
import { startSeededFrontdesk, type RunningFrontdesk } from "./support/frontdesk";
import { openWidget, startHostSite, type HostSite } from "./support/host-site";

let frontdesk: RunningFrontdesk;
let listedSite: HostSite;
let otherSite: HostSite;
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
  await saveAgent("acme-listed", [new URL(listedSite.url).origin]);
  await saveAgent("acme-elsewhere", ["https://shop.example.com"]);
  browser = await launchChromium();
  context = await newContext(browser);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await listedSite?.close();
  await otherSite?.close();
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
    const panelStatuses: number[] = [];
    page.on("request", (request) => requests.push(request.url()));
    page.on("response", (response) => {
      if (new URL(response.url()).pathname === "/panel") panelStatuses.push(response.status());
    });
    await page.goto(otherSite.url);
    await page.getByRole("button", { name: "Open chat" }).click();
    await expect.poll(() => panelStatuses).toEqual([403]);
    // The browser refuses to frame even the refusal page: the frame never runs the panel.
    await expect
      .poll(
        () =>
          page
            .frames()
            .find((f) => f !== page.mainFrame())
            ?.url() ?? "",
      )
      .not.toContain("/panel?");
    expect(requests.filter((url) => url.includes("/conversations") || url.includes("/panel.js"))).toEqual([]);
    await page.close();
  }, 60_000);
});
