/**
 * The console's Channels tab in a real browser (issue 16): an owner deploys the demo agent on a
 * custom channel, sees the generated signing secret once — and after a reload only that it is set —
 * with the inbound URL to paste into their system; tests the connection and sees the answer;
 * changes the delivery URL; removes the deployment; then finds every channel's behaviour settings
 * on the Behaviour tab. Each step passes axe, and the page fits a phone.
 */
import { mkdirSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { blockingViolations } from "./support/accessibility";
import { launchChromium, newContext } from "./support/browser";
import { startSeededFrontdesk, type RunningFrontdesk } from "./support/frontdesk";

const SCREENSHOTS = new URL("../../test-results/", import.meta.url).pathname; // not committed; for a look at the page
const CHANNEL_ID = "acme-app";
const FIRST_URL = "https://hooks.acme.example/frontdesk";
const SECOND_URL = "https://hooks.acme.example/frontdesk-v2";

let frontdesk: RunningFrontdesk;
let browser: Browser;

type Listed = { items: { address: string; config: Record<string, string>; removedAt: number | null }[] };

async function deployments(): Promise<Listed["items"]> {
  const response = await fetch(`${frontdesk.url}/api/agents/demo/channels`, {
    headers: { authorization: `Bearer ${frontdesk.adminToken}` },
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as Listed).items;
}

async function signInWithToken(page: Page): Promise<void> {
  await page.goto(`${frontdesk.url}/console/`);
  await page.getByRole("button", { name: "Use an admin token or API key instead" }).click();
  await page.getByLabel("Admin token or API key").fill(frontdesk.adminToken);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.getByText("Admin token · owner").waitFor();
}

beforeAll(async () => {
  frontdesk = await startSeededFrontdesk();
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await frontdesk?.stop();
});

describe("the console's channels", () => {
  it("deploys a custom channel, shows its secret once, tests, changes and removes it", async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await signInWithToken(page);
    await page.goto(`${frontdesk.url}/console/#/agents/demo/channels`);
    await page.getByText("Not deployed on any channel yet.").waitFor();
    expect(await blockingViolations(page)).toEqual([]);

    // A WhatsApp phone number id that is not one: the API's error shows under its field, and nothing is deployed.
    const form = page.getByRole("form", { name: "Deploy to a channel" });
    await form.getByLabel("Channel", { exact: true }).selectOption("whatsapp");
    await form.getByLabel("Phone number id").fill("+45 1234");
    for (const secretField of ["Access token", "App secret", "Verify token"])
      await form.getByLabel(secretField).fill("a-secret-long-enough");
    await form.getByRole("button", { name: "Deploy" }).click();
    const error = form.locator(".c-invalid .c-error", { hasText: "Digits only" });
    await error.waitFor();
    expect(await form.getByLabel("Phone number id").getAttribute("aria-describedby")).toContain(
      (await error.getAttribute("id")) ?? "missing",
    );
    expect(await form.getByLabel("Access token").getAttribute("type")).toBe("password");
    expect(await deployments()).toEqual([]);

    // Deploy a custom channel: the secret is generated and shown once, with the URL to send messages to.
    await form.getByLabel("Channel", { exact: true }).selectOption("custom");
    await form.getByLabel("Channel id").fill(CHANNEL_ID);
    await form.getByLabel("Delivery URL").fill(FIRST_URL);
    await form.getByRole("button", { name: "Deploy" }).click();
    await page.getByText("Copy it now, it is not shown again.").waitFor();
    const secret = (await page.locator(".c-warning code").textContent()) ?? "";
    expect(secret).toMatch(/^chsec_\S{20,}$/);
    const card = page.locator("li.c-card", { hasText: CHANNEL_ID });
    await card.getByText(`${frontdesk.url}/v1/channels/${CHANNEL_ID}/messages`).waitFor();
    await card.getByText("signingSecret set").waitFor();
    expect(await blockingViolations(page)).toEqual([]);

    // After a reload the secret is gone for good: only that it is set.
    await page.reload();
    await card.getByText("signingSecret set").waitFor();
    expect(await page.getByText("Copy it now, it is not shown again.").count()).toBe(0);
    expect(await page.content()).not.toContain(secret);

    // The connection test's answer is shown, whatever it is.
    await card.getByRole("button", { name: "Test connection" }).click();
    await card
      .getByRole("status")
      .filter({ hasText: /Connection (works|failed): \S/ })
      .waitFor();

    // Change the delivery URL; the secret's field is empty and says it is set.
    await card.getByRole("button", { name: "Change", exact: true }).click();
    const change = page.getByRole("form", { name: `Change Custom channel ${CHANNEL_ID}` });
    expect(await change.getByLabel("Signing secret").inputValue()).toBe("");
    await change.getByText("Set — leave empty to keep.").waitFor();
    expect(await change.getByLabel("Delivery URL").inputValue()).toBe(FIRST_URL);
    await change.getByLabel("Delivery URL").fill(SECOND_URL);
    expect(await blockingViolations(page)).toEqual([]);
    await change.getByRole("button", { name: "Save changes" }).click();
    await card.getByText(`deliveryUrl: ${SECOND_URL}`).waitFor();
    expect((await deployments()).find((d) => d.address === CHANNEL_ID)?.config.deliveryUrl).toBe(SECOND_URL);
    await card.getByText("signingSecret set").waitFor(); // left empty: kept

    // On a phone the page fits the screen.
    await page.setViewportSize({ width: 390, height: 844 });
    await card.getByText("signingSecret set").waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: `${SCREENSHOTS}console-channels-phone.png`, fullPage: true });

    // Remove, after confirming.
    page.once("dialog", (dialog) => void dialog.accept());
    await card.getByRole("button", { name: "Remove" }).click();
    await card.getByText(/^Removed .*new messages go to a person\.$/).waitFor();
    expect(await card.getByRole("button", { name: "Test connection" }).count()).toBe(0);
    expect((await deployments()).find((d) => d.address === CHANNEL_ID)?.removedAt).toEqual(expect.any(Number));
    expect(await blockingViolations(page)).toEqual([]);

    // The channel settings are on the Behaviour tab, linked from here.
    await page.getByRole("link", { name: "Behaviour", exact: true }).first().click();
    // Saving one channel's setting there brings every channel's defaults from the API, to edit as JSON.
    const settings = page.getByLabel("Channel settings");
    await settings.fill('{ "email": { "signature": "The Acme team" } }');
    await page.getByRole("button", { name: "Save draft" }).click();
    await page.getByText("Saved as a draft.", { exact: false }).waitFor();
    await expect.poll(() => settings.inputValue()).toContain('"whatsapp"');
    const saved = JSON.parse(await settings.inputValue()) as Record<string, Record<string, unknown>>;
    expect(Object.keys(saved).sort()).toEqual(["custom", "email", "live_chat", "messenger", "whatsapp"]);
    expect(saved.email).toMatchObject({ signature: "The Acme team", replyMode: "sender" });
    expect(await blockingViolations(page)).toEqual([]);
    await context.close();
  }, 120_000);
});
