/**
 * The host page ends a visitor (security review, finding 6), in a real browser, cross-site: after
 * `Frontdesk.signOut()`, or when the page's signed-in user changed or signed out since the stored
 * visitor was started, the next chat is a new visitor — a new visitor id, none of the earlier
 * messages, no "Verified as" — while the same user across reloads keeps their conversation.
 */
import { createHmac } from "node:crypto";
import type { Browser, FrameLocator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium, newContext } from "./support/browser";
import { startSeededFrontdesk, type RunningFrontdesk } from "./support/frontdesk";
import { startHostSite, type HostSite } from "./support/host-site";

const TOKEN_KEY = "frontdesk:demo:visitor"; // the loader's key in the host site's storage
const MESSAGE = "Hello from the first visitor";
const PROBE = "Do you have an API?"; // asked in each chat to know the panel has replayed the log

type Identity = { identityEmail: string; identityUserId: string; identityIssuedAt: string; identityHash: string };

let frontdesk: RunningFrontdesk;
let host: HostSite;
let browser: Browser;
let secret = "";

beforeAll(async () => {
  frontdesk = await startSeededFrontdesk();
  host = await startHostSite(frontdesk.url);
  browser = await launchChromium();
  const rotated = await fetch(`${frontdesk.url}/api/agents/demo/identity-secret`, {
    method: "POST",
    headers: { authorization: `Bearer ${frontdesk.adminToken}` },
  });
  expect(rotated.status).toBe(201);
  secret = ((await rotated.json()) as { secret: string }).secret;
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await host?.close();
  await frontdesk?.stop();
});

/** The data-identity-* attributes the host page signs for its user. */
function signed(email: string, userId: string): Identity {
  const issuedAt = String(Math.floor(Date.now() / 1000));
  const hash = createHmac("sha256", secret).update(`${userId}:${email}:${issuedAt}`).digest("hex");
  return { identityEmail: email, identityUserId: userId, identityIssuedAt: issuedAt, identityHash: hash };
}

/** Loads the host page (signed in as `identity`, or signed out) and opens the chat. */
async function openAs(page: Page, identity: Identity | null): Promise<FrameLocator> {
  await page.goto(host.url);
  await page.getByRole("button", { name: "Open chat" }).waitFor();
  // As a page that knows its user sets the attributes: they are read when the panel starts.
  if (identity)
    await page.evaluate((attributes) => {
      const tag = document.querySelector<HTMLScriptElement>("script[data-agent]");
      if (tag) Object.assign(tag.dataset, attributes);
    }, identity);
  return openChat(page);
}

async function openChat(page: Page): Promise<FrameLocator> {
  await page.getByRole("button", { name: "Open chat" }).click();
  const panel = page.frameLocator('iframe[title="Chat"]');
  await panel.getByLabel("Your message").waitFor();
  return panel;
}

/** The visitor id in the token the loader keeps (`v1.<visitorId>.<expiry>.<signature>`), once the panel reported it. */
async function visitorId(page: Page): Promise<string> {
  await expect.poll(() => page.evaluate((key) => localStorage.getItem(key), TOKEN_KEY)).toMatch(/^v1\./);
  return (await page.evaluate((key) => localStorage.getItem(key), TOKEN_KEY))?.split(".")[1] ?? "";
}

async function say(panel: FrameLocator, text: string): Promise<void> {
  await panel.getByLabel("Your message").fill(text);
  await panel.getByLabel("Your message").press("Enter");
  await panel.locator(".fd-msg.fd-visitor", { hasText: text }).last().waitFor();
}

/**
 * Whether the earlier message shows in the conversation the panel opened. Asked after a message of
 * this visitor's own has been answered: the panel sends only once the server has replayed the log.
 */
async function showsEarlierMessage(panel: FrameLocator): Promise<boolean> {
  await say(panel, PROBE);
  await panel
    .locator(".fd-msg.fd-visitor", { hasText: PROBE })
    .last()
    .locator("xpath=following-sibling::*[contains(@class, 'fd-assistant') and not(@aria-busy)]")
    .first()
    .waitFor();
  return (await panel.locator(".fd-msg.fd-visitor", { hasText: MESSAGE }).count()) > 0;
}

describe("the host page ends a visitor", () => {
  it("Frontdesk.signOut() forgets the stored visitor: the next chat is a new one", async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    const first = await openAs(page, null);
    await say(first, MESSAGE);
    const before = await visitorId(page);

    await page.evaluate(() => (window as { Frontdesk?: { signOut(): void } }).Frontdesk?.signOut());
    expect(await page.locator('iframe[title="Chat"]').count()).toBe(0); // the old conversation's panel is gone
    expect(await page.evaluate((key) => localStorage.getItem(key), TOKEN_KEY)).toBeNull();
    const next = await openChat(page);
    expect(await showsEarlierMessage(next)).toBe(false);
    expect(await visitorId(page)).not.toBe(before);

    // And after a reload too: nothing of the old visitor comes back.
    const reloaded = await openAs(page, null);
    expect(await showsEarlierMessage(reloaded)).toBe(false);
    await context.close();
  }, 120_000);

  it("a signed-in user keeps their conversation over reloads; once they sign out or another signs in, a new visitor starts", async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    const jane = await openAs(page, signed("jane@acme.example", "42"));
    await jane.getByText("Verified as jane@acme.example").waitFor();
    await say(jane, MESSAGE);
    const janes = await visitorId(page);

    const again = await openAs(page, signed("jane@acme.example", "42"));
    expect(await visitorId(page)).toBe(janes);
    await again.locator(".fd-msg.fd-visitor", { hasText: MESSAGE }).waitFor();

    // Jane signed out: the page no longer names a user.
    const signedOut = await openAs(page, null);
    expect(await showsEarlierMessage(signedOut)).toBe(false);
    expect(await signedOut.getByText("Verified as", { exact: false }).count()).toBe(0);
    const anonymous = await visitorId(page);
    expect(anonymous).not.toBe(janes);

    // Jane again, then Bob on the same browser: each change starts a new visitor.
    await openAs(page, signed("jane@acme.example", "42"));
    const janeAgain = await visitorId(page);
    expect([janes, anonymous]).not.toContain(janeAgain);
    const bob = await openAs(page, signed("bob@acme.example", "43"));
    await bob.getByText("Verified as bob@acme.example").waitFor();
    expect(await showsEarlierMessage(bob)).toBe(false);
    expect([janes, anonymous, janeAgain]).not.toContain(await visitorId(page));

    // What the host site keeps: the token and a fingerprint of the user, never the address.
    const kept = await page.evaluate(() => JSON.stringify({ ...localStorage }));
    expect(kept).not.toContain("acme.example");
    await context.close();
  }, 120_000);
});
