/**
 * A handoff in real browsers: a visitor on another site asks the widget for a person; a staff
 * member, who joined through an invitation link, sees it arrive in /inbox (a second browser
 * context), claims it and replies; the visitor sees the reply live, with the person's name and
 * no "Powered by AI" while they handle it — and the disclosure returns when they hand back. The
 * visitor's thumbs and end-of-chat rating show in the inbox.
 */
import { mkdirSync } from "node:fs";
import type { Browser, BrowserContext, FrameLocator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { blockingViolations } from "./support/accessibility";
import { launchChromium, newContext } from "./support/browser";
import { startSeededFrontdesk, type RunningFrontdesk } from "./support/frontdesk";
import { openWidget as openHostWidget, panelFrame, startHostSite, type HostSite } from "./support/host-site";

const SCREENSHOTS = new URL("../../test-results/", import.meta.url).pathname; // not committed; for a look at the inbox

let frontdesk: RunningFrontdesk;
let host: HostSite;
let hostUrl: string;
let browser: Browser;
let visitorContext: BrowserContext;
let staffContext: BrowserContext;

beforeAll(async () => {
  frontdesk = await startSeededFrontdesk();
  host = await startHostSite(frontdesk.url);
  hostUrl = host.url;
  browser = await launchChromium();
  visitorContext = await newContext(browser);
  staffContext = await newContext(browser);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await host?.close();
  await frontdesk?.stop();
});

async function inviteStaff(name: string): Promise<string> {
  const response = await fetch(`${frontdesk.url}/api/staff`, {
    method: "POST",
    headers: { authorization: `Bearer ${frontdesk.adminToken}`, "content-type": "application/json" },
    body: JSON.stringify({ email: `${name.toLowerCase()}@acme.example`, name, role: "agent" }),
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { invitationUrl: string }).invitationUrl;
}

const openWidget = (page: Page): Promise<FrameLocator> => openHostWidget(page, hostUrl);

describe("handoff to a person in the staff inbox", () => {
  it("a staff member claims a visitor's request in /inbox and replies live; the widget shows the person, not the AI", async () => {
    // The staff member joins through the invitation link and goes available.
    const staff = await staffContext.newPage();
    await staff.goto(await inviteStaff("Grace"));
    await staff.getByLabel(/Choose a password/).waitFor();
    expect(await blockingViolations(staff)).toEqual([]); // the invitation form
    await staff.getByLabel(/Choose a password/).fill("a long enough password");
    await staff.getByRole("button", { name: "Join" }).click();
    await staff.getByRole("tab", { name: "Waiting" }).waitFor();
    expect(new URL(staff.url()).hash).toBe(""); // the spent token left the address bar
    const saved = staff.waitForResponse(
      (r) => r.url().endsWith("/v1/inbox/me") && r.request().method() === "PUT" && r.ok(),
    );
    await staff.getByLabel("Available").check();
    await saved; // the server knows before the visitor asks
    await expect.poll(() => staff.getByLabel("Available").isChecked()).toBe(true);
    const cookies = await staffContext.cookies();
    expect(cookies.find((c) => c.name === "fd_staff")).toMatchObject({ httpOnly: true, sameSite: "Strict" });
    // The tabs follow the keyboard (arrow keys), and the list follows the tab.
    await staff.getByRole("tab", { name: "Waiting" }).focus();
    await staff.keyboard.press("ArrowRight");
    await expect.poll(() => staff.getByRole("tab", { name: "Mine" }).getAttribute("aria-selected")).toBe("true");
    await expect.poll(() => staff.evaluate(() => document.activeElement?.textContent)).toBe("Mine");
    await staff.keyboard.press("ArrowLeft");
    await expect.poll(() => staff.getByRole("tab", { name: "Waiting" }).getAttribute("aria-selected")).toBe("true");

    // A page of the owner's knowledge with a public address, so the agent's answer cites a link.
    const article = await fetch(`${frontdesk.url}/api/agents/demo/articles/store-hours`, {
      method: "PUT",
      headers: { authorization: `Bearer ${frontdesk.adminToken}`, "content-type": "application/json" },
      body: JSON.stringify({
        title: "Store opening hours",
        url: "https://acme.example/help/hours",
        body: "Our Copenhagen store opens at ten every weekday and closes at six.",
      }),
    });
    expect(article.status).toBe(201);

    // The visitor asks for a person in the widget on another site.
    const visitor = await visitorContext.newPage();
    const panel = await openWidget(visitor);
    await panel.getByLabel("Your message").fill("When does the Copenhagen store open?");
    await panel.getByLabel("Your message").press("Enter");
    await panel.locator('.fd-sources a[href="https://acme.example/help/hours"]').waitFor();
    await panel.getByLabel("Your message").fill("Can I talk to a human, please?");
    await panel.getByLabel("Your message").press("Enter");
    await panel.locator(".fd-system").first().waitFor();

    // It arrives live in the inbox; the staff member opens it, sees the request, claims and replies.
    const row = staff.locator(".ib-row", { hasText: "Can I talk to a human" });
    await row.waitFor();
    await row.click();
    await staff.locator(".ib-visitor", { hasText: "Can I talk to a human, please?" }).waitFor();
    // Its channel is named in the list and the header, and the composer says where a reply goes.
    expect(await row.locator(".ib-channel").textContent()).toContain("Live chat");
    expect(await staff.locator(".ib-bar .ib-channel").textContent()).toContain("Live chat");
    expect(await staff.locator("label[for=ib-reply-text]").textContent()).toBe("Reply in the chat");
    // The whole transcript, with the agent's sources as links that cannot reach back into the inbox.
    const source = staff.locator('.ib-agent .fd-sources a[href="https://acme.example/help/hours"]');
    await source.waitFor();
    expect(await source.textContent()).toBe("Store opening hours");
    expect(await source.getAttribute("target")).toBe("_blank");
    expect(await source.getAttribute("rel")).toBe("noopener noreferrer");
    expect(await staff.getByLabel("Reply").isDisabled()).toBe(true);
    await staff.getByRole("button", { name: "Claim" }).click();
    await expect.poll(() => staff.locator(".ib-state").textContent()).toBe("Handled by Grace");
    // Claiming puts the focus in the reply box; Enter sends.
    await expect.poll(() => staff.evaluate(() => document.activeElement?.id)).toBe("ib-reply-text");
    await staff.keyboard.type("Hi, I'm Grace. How can I help?");
    await staff.keyboard.press("Enter");
    await staff.locator(".ib-staff", { hasText: "Hi, I'm Grace. How can I help?" }).waitFor();
    expect(await staff.getByLabel("Reply").inputValue()).toBe("");
    // Signed in, the list and a claimed conversation open (with the agent's cited answer and the reply box).
    expect(await blockingViolations(staff)).toEqual([]);
    mkdirSync(SCREENSHOTS, { recursive: true });
    await staff.screenshot({ path: `${SCREENSHOTS}inbox-e2e.png` });

    // The visitor sees the person live: their name, their reply, and no AI disclosure.
    const reply = panel.locator(".fd-staff", { hasText: "Hi, I'm Grace. How can I help?" });
    await reply.waitFor();
    expect(await reply.locator(".fd-author").textContent()).toBe("Grace");
    await expect.poll(() => panel.locator(".fd-badge").textContent()).toBe("Grace is answering");
    expect(await panel.locator(".fd-badge", { hasText: "Powered by AI" }).count()).toBe(0);
    await panel.locator(".fd-system", { hasText: "Grace joined the conversation." }).waitFor();

    // Handing back brings the agent — and the disclosure — back.
    await staff.getByRole("button", { name: "Hand back to agent" }).click();
    await expect.poll(() => panel.locator(".fd-badge").textContent()).toBe("Powered by AI");

    // The visitor's thumbs on the agent's answer show in the inbox at once.
    const notHelpful = panel.getByRole("button", { name: "Not helpful" }).first();
    await notHelpful.click();
    await expect.poll(() => notHelpful.getAttribute("aria-pressed")).toBe("true");
    await staff.locator(".ib-agent .ib-vote", { hasText: "not helpful" }).waitFor();

    // Once the conversation ends the visitor may rate it, once; the inbox shows the rating.
    await staff.getByRole("button", { name: "Close" }).click();
    const rating = panel.getByRole("group", { name: "How was this conversation?" });
    await rating.getByRole("button", { name: "4" }).click();
    await panel.getByText("Thanks for your feedback.").waitFor();
    await expect.poll(() => staff.locator(".ib-state").textContent()).toContain("rated 4 of 5 by the visitor");
    expect(await blockingViolations(await panelFrame(visitor))).toEqual([]);
  });
});
