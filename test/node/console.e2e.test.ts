/**
 * The admin console in a real browser (issue 15): an editor signs in, adds a short answer and sees
 * the preview chat use it, changes the greeting and publishes it, finds both changes in the audit
 * log under their own name, and sees the analytics chart drawn from a real conversation; a viewer
 * gets no Publish button, and the API refuses them anyway. Every page passes axe (no serious or
 * critical violation, content in landmarks).
 */
import { readFile } from "node:fs/promises";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { blockingViolations } from "./support/accessibility";
import { launchChromium, newContext } from "./support/browser";
import { startSeededFrontdesk, type RunningFrontdesk } from "./support/frontdesk";
import { openWidget, startHostSite, type HostSite } from "./support/host-site";

const PASSWORD = "a long enough password";
const QUESTION = "Do you have a loyalty programme?";
const ANSWER = "Yes: Frontdesk Points, one point per euro spent.";
const GREETING = "Welcome to Acme! Ask me anything.";

let frontdesk: RunningFrontdesk;
let host: HostSite;
let browser: Browser;
let context: BrowserContext;

/** Creates an account with an admin role through the API and accepts its invitation, as the invited person would. */
async function account(name: string, adminRole: "viewer" | "editor"): Promise<string> {
  const email = `${name.toLowerCase()}@acme.example`;
  const invited = await fetch(`${frontdesk.url}/api/staff`, {
    method: "POST",
    headers: { authorization: `Bearer ${frontdesk.adminToken}`, "content-type": "application/json" },
    body: JSON.stringify({ email, name, role: "agent", adminRole }),
  });
  expect(invited.status).toBe(201);
  const { invitationUrl } = (await invited.json()) as { invitationUrl: string };
  const token = new URLSearchParams(new URL(invitationUrl).hash.slice(1)).get("invite");
  const accepted = await fetch(`${frontdesk.url}/v1/inbox/invitations/accept`, {
    method: "POST",
    headers: { origin: frontdesk.url, "content-type": "application/json" },
    body: JSON.stringify({ token, password: PASSWORD }),
  });
  expect(accepted.status, await accepted.clone().text()).toBeLessThan(300);
  return email;
}

async function signIn(page: Page, email: string): Promise<void> {
  await page.goto(`${frontdesk.url}/console/`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.getByRole("heading", { name: "Agents" }).waitFor();
}

beforeAll(async () => {
  frontdesk = await startSeededFrontdesk();
  host = await startHostSite(frontdesk.url);
  browser = await launchChromium();
  context = await newContext(browser);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await host?.close();
  await frontdesk?.stop();
});

describe("the admin console", () => {
  it("an editor adds a short answer the preview uses, publishes a new greeting, and sees both in the audit log and the chart", async () => {
    // A real conversation on the host site, for the analytics.
    const visitor = await context.newPage();
    const panel = await openWidget(visitor, host.url);
    await panel.getByLabel("Your message").fill("How do I embed the widget?");
    await panel.getByLabel("Your message").press("Enter");
    const helpful = panel.getByRole("button", { name: "Helpful", exact: true }).first(); // answered: thumbs under it
    await helpful.click();
    await expect.poll(() => helpful.getAttribute("aria-pressed")).toBe("true");
    await visitor.close();

    const page = await context.newPage();
    await signIn(page, await account("Edith", "editor"));
    expect(await blockingViolations(page)).toEqual([]);
    await page.getByRole("link", { name: "Frontdesk Demo" }).first().click();

    // Knowledge: add a short answer.
    await page.getByRole("link", { name: "Knowledge", exact: true }).click();
    const form = page.getByRole("form", { name: "Add a short answer" });
    await form.getByLabel("Question").fill(QUESTION);
    await form.getByLabel("Answer").fill(ANSWER);
    await form.getByRole("button", { name: "Add short answer" }).click();
    await page.locator(".c-list strong", { hasText: QUESTION }).waitFor();
    // An article, written here and indexed on save; the demo's file sources are listed with their state.
    await page.getByRole("button", { name: "New article" }).click();
    const editor = page.getByRole("form", { name: "New article" });
    await editor.getByLabel("Article id").fill("returns");
    await editor.getByLabel("Title").fill("Returns");
    await editor.getByLabel("Body (Markdown)").fill("Returns are free within 30 days.");
    await editor.getByRole("button", { name: "Save article" }).click();
    await page.getByRole("button", { name: "Edit Returns" }).waitFor();
    await page.locator("#sources ~ ul li", { hasText: "ready" }).first().waitFor();
    expect(await blockingViolations(page)).toEqual([]);

    // Tests: a batch on the draft uses it, and a replay of the real conversation runs.
    await page.getByRole("link", { name: "Tests" }).click();
    await page.getByLabel("Questions").fill(`${QUESTION} | Frontdesk Points\nWhat is the capital of Mars? | Olympus`);
    await page.getByRole("button", { name: "Run the tests on the draft" }).click();
    await page.getByText(/1 of 2 passed/).waitFor();
    await page.getByRole("button", { name: "Replay on the draft" }).click();
    await page.getByText(/of 1 conversations would change/).waitFor();
    expect(await blockingViolations(page)).toEqual([]);

    // Profile: the preview chat answers with it.
    await page.getByRole("link", { name: "Profile and publishing" }).click();
    await page.getByRole("button", { name: "Open preview" }).click();
    const preview = page.frameLocator('iframe[title="Preview chat"]');
    await preview.getByLabel("Your message").fill(QUESTION);
    await preview.getByLabel("Your message").press("Enter");
    await preview.getByText(ANSWER).first().waitFor();

    // A field error from the API shows next to its field; then a good greeting is saved and published.
    await page.getByLabel("Accent colour").fill("blue");
    await page.getByRole("button", { name: "Save draft" }).click();
    const error = page.locator(".c-invalid .c-error", { hasText: "Must be a hex colour" });
    await error.waitFor();
    expect(await page.getByLabel("Accent colour").getAttribute("aria-describedby")).toContain(
      (await error.getAttribute("id")) ?? "missing",
    );
    await page.getByLabel("Accent colour").fill("");
    await page.getByLabel("Greeting").fill(GREETING);
    await page.getByRole("button", { name: "Save draft" }).click();
    await page.getByText(/Draft version \d+ is waiting/).waitFor();
    expect(await blockingViolations(page)).toEqual([]);
    await page.getByRole("button", { name: "Publish", exact: true }).click();
    await page.getByText("No draft waiting.").waitFor();
    const config = (await (await fetch(`${frontdesk.url}/v1/agents/demo/widget-config`)).json()) as {
      greeting: string;
    };
    expect(config.greeting).toBe(GREETING);

    // The audit log names the editor for both changes.
    await page.getByRole("link", { name: "Audit log" }).click();
    const rows = page.locator(".c-table tbody tr");
    await rows.first().waitFor();
    const byEdith = (what: RegExp) => rows.filter({ hasText: "Edith (account)" }).filter({ hasText: what });
    await byEdith(/agent publish/)
      .first()
      .waitFor();
    await byEdith(/short answer create/)
      .first()
      .waitFor();
    expect(await blockingViolations(page)).toEqual([]);

    // Analytics: the chart is drawn from the conversation above.
    await page.goto(`${frontdesk.url}/console/#/agents/demo/analytics`);
    await page.locator(".c-figures dd").first().waitFor();
    const bars = page.locator(".c-chart rect.c-bar-a");
    await expect.poll(() => bars.count()).toBe(30);
    const heights = await bars.evaluateAll((rects) => rects.map((r) => Number(r.getAttribute("height"))));
    expect(heights.some((h) => h > 0)).toBe(true);
    await page.locator(".c-figures div", { hasText: "Feedback" }).getByText("1 👍 · 0 👎").waitFor();
    expect(await blockingViolations(page)).toEqual([]);

    // Behaviour: a section that is not JSON, then one the API refuses, each with its error under it.
    await page.getByRole("link", { name: "Behaviour" }).click();
    const handoff = page.getByLabel("Handoff rules");
    await handoff.fill("{ mode: ");
    await page.getByRole("button", { name: "Save draft" }).click();
    await page.locator(".c-invalid", { hasText: "Handoff rules" }).getByText("Not valid JSON").waitFor();
    await handoff.fill('{ "mode": "sometimes" }');
    await page.getByRole("button", { name: "Save draft" }).click();
    await page
      .locator(".c-invalid", { hasText: "Handoff rules" })
      .getByText(/handoff\.mode/)
      .waitFor();
    expect(await blockingViolations(page)).toEqual([]);

    // Controls are an owner's: an editor reads them, with no way to save.
    await page.getByRole("link", { name: "Controls and secrets" }).click();
    await page.getByRole("heading", { name: "Controls and credits" }).waitFor();
    expect(await page.getByRole("button", { name: "Save controls" }).count()).toBe(0);
    expect(await blockingViolations(page)).toEqual([]);
    await page.close();
  }, 120_000);

  it("a viewer sees no Publish button, and the API refuses to publish for them", async () => {
    const viewerContext = await newContext(browser);
    const page = await viewerContext.newPage();
    await signIn(page, await account("Victor", "viewer"));
    await page.goto(`${frontdesk.url}/console/#/agents/demo/profile`);
    await page.getByRole("heading", { name: "Publishing" }).waitFor();
    await page.getByText(/Live: version \d+/).waitFor();
    expect(await page.getByRole("button", { name: "Publish", exact: true }).count()).toBe(0);
    expect(await page.getByRole("button", { name: "Unpublish" }).count()).toBe(0);
    expect(await page.getByRole("button", { name: "Save draft" }).count()).toBe(0);
    const status = await page.evaluate(async () => {
      const response = await fetch("/api/agents/demo/publish", { method: "POST" });
      return { status: response.status, code: ((await response.json()) as { error: { code: string } }).error.code };
    });
    expect(status).toEqual({ status: 403, code: "forbidden" });

    // On a phone the page fits the screen: nothing to scroll sideways.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await page.getByRole("heading", { name: "Publishing" }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await viewerContext.close();
  }, 60_000);

  it("an owner signs in with the admin token, makes a team and an API key (shown once), and the key works", async () => {
    const ownerContext = await newContext(browser);
    const page = await ownerContext.newPage();
    await page.goto(`${frontdesk.url}/console/`);
    await page.getByRole("button", { name: "Use an admin token or API key instead" }).click();
    await page.getByLabel("Admin token or API key").fill(frontdesk.adminToken);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await page.getByText("Admin token · owner").waitFor();
    await page.getByRole("link", { name: "People and keys" }).click();

    await page.getByRole("button", { name: "New team" }).click();
    const team = page.getByRole("form", { name: "New team" });
    await team.getByLabel("Team name").fill("Billing");
    await team.getByRole("button", { name: "Create team" }).click();
    await page.getByRole("button", { name: "Edit Billing" }).waitFor();

    const key = page.getByRole("form", { name: "New API key" });
    await key.getByLabel("Name").fill("Reporting");
    await key.getByRole("button", { name: "Create key" }).click();
    const shown = await key.locator("code").textContent();
    expect(shown).toMatch(/^\S{20,}$/);
    const listed = await fetch(`${frontdesk.url}/api/agents`, { headers: { authorization: `Bearer ${shown}` } });
    expect(listed.status).toBe(200); // a viewer key reads
    expect(await blockingViolations(page)).toEqual([]);
    await ownerContext.close();
  }, 60_000);

  it("an owner downloads every transcript, checks the stored secrets and rebuilds the indexes, each in the audit log", async () => {
    const ownerContext = await newContext(browser);
    const visitor = await ownerContext.newPage(); // one conversation of this test's own, answered
    const panel = await openWidget(visitor, host.url);
    await panel.getByLabel("Your message").fill("How do I embed the widget?");
    await panel.getByLabel("Your message").press("Enter");
    await panel.getByRole("button", { name: "Helpful", exact: true }).first().waitFor();
    await visitor.close();

    const page = await ownerContext.newPage();
    await page.goto(`${frontdesk.url}/console/`);
    await page.getByRole("button", { name: "Use an admin token or API key instead" }).click();
    await page.getByLabel("Admin token or API key").fill(frontdesk.adminToken);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await page.getByRole("link", { name: "Backups" }).click();
    await page.getByRole("heading", { name: "Backups" }).waitFor();

    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Download every transcript" }).click(),
    ]);
    const lines = (await readFile((await download.path()) as string, "utf8")).trim().split("\n");
    const conversations = lines.map((line) => JSON.parse(line) as { id: string; events: unknown[] });
    expect(conversations.length).toBeGreaterThan(0);
    for (const conversation of conversations) expect(conversation.events.length).toBeGreaterThan(0);
    await page.getByText(`${conversations.length} conversations downloaded.`).waitFor();

    await page.getByRole("button", { name: "Check stored secrets" }).click();
    await page.getByText(/^All \d+ stored secrets open with this deployment's key\.$/).waitFor();

    page.once("dialog", (dialog) => void dialog.accept());
    await page.getByRole("button", { name: "Rebuild every knowledge index" }).click();
    await page.getByText(/^\d+ articles indexed; \d+ sources queued to be read again\.$/).waitFor();
    expect(await blockingViolations(page)).toEqual([]);

    await page.getByRole("link", { name: "Audit log" }).click();
    await page.getByText("backup export_transcripts").first().waitFor();
    await page.getByText("backup reindex").first().waitFor();
    await ownerContext.close();
  }, 60_000);

  it("offers Backups to owners only", async () => {
    const viewerContext = await newContext(browser); // signed out: the shared context holds an earlier session
    const page = await viewerContext.newPage();
    await signIn(page, await account("Vera", "viewer"));
    await page.getByRole("link", { name: "Audit log" }).waitFor();
    expect(await page.getByRole("link", { name: "Backups" }).count()).toBe(0);
    const refused = await page.evaluate(async () => (await fetch("/api/backup/secrets")).status);
    expect(refused).toBe(403);
    await viewerContext.close();
  }, 60_000);
});
