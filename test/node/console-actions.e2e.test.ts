/**
 * The console's Actions tab in a real browser (issue 17): an owner adds an action with a bearer
 * credential — a bad URL is refused under its field first — sees it listed as draft-only with its
 * credential set (and never the credential itself, not even in the edit form), runs "Test action"
 * against a loopback API and sees the request with the credential redacted and the response's
 * fields, publishes, then removes the action; publishing without it drops its credential, and restoring the
 * version that had it shows a warning that it is live without one. Each step passes axe, and the page fits a phone.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { blockingViolations } from "./support/accessibility";
import { launchChromium, newContext } from "./support/browser";
import { startSeededFrontdesk, type RunningFrontdesk } from "./support/frontdesk";

const CREDENTIAL = "sk_test_console-credential-9f3a";

let frontdesk: RunningFrontdesk;
let browser: Browser;
let ownerApi: Server;
let ownerUrl = "";
/** Requests the loopback "owner's API" received: path and Authorization header. */
const received: { path: string; authorization: string }[] = [];

type Listing = { actions: { id: string; name: string; credentialSet: boolean; live: boolean }[]; published: string[] };

async function listing(): Promise<Listing> {
  const response = await fetch(`${frontdesk.url}/api/agents/demo/actions`, {
    headers: { authorization: `Bearer ${frontdesk.adminToken}` },
  });
  expect(response.status).toBe(200);
  return (await response.json()) as Listing;
}

async function publishedVersion(): Promise<number> {
  const response = await fetch(`${frontdesk.url}/api/agents/demo`, {
    headers: { authorization: `Bearer ${frontdesk.adminToken}` },
  });
  return ((await response.json()) as { publishedVersion: number }).publishedVersion;
}

async function signInWithToken(page: Page): Promise<void> {
  await page.goto(`${frontdesk.url}/console/`);
  await page.getByRole("button", { name: "Use an admin token or API key instead" }).click();
  await page.getByLabel("Admin token or API key").fill(frontdesk.adminToken);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.getByText("Admin token · owner").waitFor();
}

beforeAll(async () => {
  ownerApi = createServer((req, res) => {
    received.push({ path: req.url ?? "", authorization: String(req.headers.authorization ?? "") });
    const order = /^\/orders\/(\d+)$/.exec(req.url ?? "")?.[1];
    res.writeHead(order ? 200 : 404, { "content-type": "application/json" });
    res.end(JSON.stringify(order ? { order: { id: Number(order), status: "shipped" } } : { error: "not found" }));
  });
  await new Promise<void>((resolve) => ownerApi.listen(0, "127.0.0.1", resolve));
  ownerUrl = `http://127.0.0.1:${(ownerApi.address() as AddressInfo).port}`;
  frontdesk = await startSeededFrontdesk({ ALLOW_LOOPBACK_FETCH: new URL(ownerUrl).host });
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await frontdesk?.stop();
  await new Promise((resolve) => ownerApi?.close(resolve));
});

describe("the console's actions", () => {
  it("adds an action with a write-only credential, tests it, publishes and removes it", async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await signInWithToken(page);
    await page.goto(`${frontdesk.url}/console/#/agents/demo/actions`);
    await page.getByText("No actions yet.").waitFor();
    await page.getByText("goes live when the agent is published", { exact: false }).waitFor();
    expect(await blockingViolations(page)).toEqual([]);

    // Fill in the form; a private address is refused under the URL field and nothing is saved.
    await page.getByRole("button", { name: "Add an action" }).click();
    const form = page.getByRole("form", { name: "Add an action" });
    await form.getByLabel("Name", { exact: true }).fill("order_status");
    await form.getByLabel("Description").fill("Looks up an order's status by its number");
    await form.getByLabel("Trigger phrases").fill("where is my order\norder status");
    await form.getByRole("button", { name: "Add an input" }).click();
    const input = form.getByRole("group", { name: "Input 1" });
    await input.getByLabel("Name", { exact: true }).fill("order_number");
    await input.getByLabel("Label").fill("order number");
    await input.getByLabel("Validation pattern").fill("\\d{4,8}");
    await form.getByLabel("URL").fill("http://10.1.2.3/orders/{{order_number}}");
    await form.getByLabel("Authentication", { exact: true }).selectOption("bearer");
    expect(await form.getByLabel("Credential").getAttribute("type")).toBe("password");
    await form.getByLabel("Credential").fill(CREDENTIAL);
    await form.getByLabel("Response fields").fill("$.order.status Status");
    expect(await blockingViolations(page)).toEqual([]);
    await form.getByRole("button", { name: "Save action" }).click();
    const error = form.locator(".c-invalid .c-error", { hasText: "private, local or reserved" });
    await error.waitFor();
    expect(await form.getByLabel("URL").getAttribute("aria-describedby")).toContain(
      (await error.getAttribute("id")) ?? "missing",
    );
    expect((await listing()).actions).toEqual([]);

    // The loopback API this test allows: saved, listed as draft-only with its credential set.
    await form.getByLabel("URL").fill(`${ownerUrl}/orders/{{order_number}}`);
    await form.getByRole("button", { name: "Save action" }).click();
    const card = page.locator("li.c-card", { hasText: "order_status" });
    await card.getByText("credential: set").waitFor();
    await card.getByText("in the draft only").waitFor();
    await card.getByText(`GET ${ownerUrl}/orders/{{order_number}}`).waitFor();
    const saved = await listing();
    expect(saved.actions).toMatchObject([{ name: "order_status", credentialSet: true, live: false }]);
    expect(await page.content()).not.toContain(CREDENTIAL);
    expect(await blockingViolations(page)).toEqual([]);

    // The edit form never holds the credential: empty, "leave empty to keep".
    await card.getByRole("button", { name: "Edit" }).click();
    const edit = page.getByRole("form", { name: "Edit action order_status" });
    expect(await edit.getByLabel("Credential", { exact: true }).inputValue()).toBe("");
    await edit.getByText("Set — leave empty to keep.", { exact: false }).waitFor();
    expect(await edit.getByLabel("URL").inputValue()).toBe(`${ownerUrl}/orders/{{order_number}}`);
    // "Remove the credential", then set it again.
    await edit.getByLabel("Remove the credential").check();
    await edit.getByRole("button", { name: "Save action" }).click();
    await card.getByText("credential: not set").waitFor();
    expect((await listing()).actions[0]?.credentialSet).toBe(false);
    await card.getByRole("button", { name: "Edit" }).click();
    await edit.getByText("Not set.", { exact: false }).waitFor();
    await edit.getByLabel("Credential", { exact: true }).fill(CREDENTIAL);
    await edit.getByRole("button", { name: "Save action" }).click();
    await card.getByText("credential: set").waitFor();

    // Test action: the request is shown with the credential redacted, and the response's fields.
    await card.getByRole("button", { name: "Test action" }).click();
    const test = page.getByRole("form", { name: "Test action order_status" });
    await test.getByLabel("order number (order_number)").fill("1234");
    await test.getByRole("button", { name: "Run the test" }).click();
    const result = test.getByRole("status", { name: "Test result" });
    await result.getByText("Succeeded", { exact: false }).waitFor();
    await result.getByText("HTTP 200", { exact: false }).waitFor();
    await result.getByText(`GET ${ownerUrl}/orders/1234`, { exact: false }).waitFor();
    await result.getByText('Status: "shipped"').waitFor();
    expect(await result.textContent()).not.toContain(CREDENTIAL);
    expect(await page.content()).not.toContain(CREDENTIAL);
    expect(received).toContainEqual({ path: "/orders/1234", authorization: `Bearer ${CREDENTIAL}` });
    expect(await blockingViolations(page)).toEqual([]);

    // Published with the agent, it is live.
    await page.getByRole("link", { name: "Profile and publishing" }).first().click();
    await page.getByRole("button", { name: "Publish", exact: true }).click();
    await expect.poll(async () => (await listing()).published).toEqual([saved.actions[0]?.id]);
    const liveVersion = await publishedVersion();
    await page.goto(`${frontdesk.url}/console/#/agents/demo/actions`);
    await card.getByText(/credential: set · live/).waitFor();

    // On a phone the page fits the screen.
    await page.setViewportSize({ width: 390, height: 844 });
    await card.getByText("credential: set").waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);

    // Remove, after confirming: gone from the draft, still live until published.
    page.once("dialog", (dialog) => void dialog.accept());
    await card.getByRole("button", { name: "Remove" }).click();
    await page.getByText("No actions yet.").waitFor();
    await page.getByText("publish the agent to take it off", { exact: false }).waitFor();
    expect((await listing()).actions).toEqual([]);

    // Published without it, its credential goes; restoring the version that had it warns until it is set again.
    await page.getByRole("link", { name: "Profile and publishing" }).first().click();
    await page.getByRole("button", { name: "Publish", exact: true }).click();
    await expect.poll(async () => (await listing()).published).toEqual([]);
    const version = page.locator("li", { hasText: new RegExp(`^Version ${liveVersion} ·`) });
    await version.getByRole("button", { name: "Restore" }).click();
    await page.getByText('Action "order_status" is live without its credential', { exact: false }).waitFor();
    expect(await blockingViolations(page)).toEqual([]);
    await context.close();
  }, 120_000);
});
