/**
 * Contact data behind an email check, in real browsers: a visitor on a customer's site asks the
 * demo agent for their billing address; the agent asks for their email and sends a verification
 * link (wrangler dev's send_email writes it to an .eml file, read back from its log); the link is
 * opened in the browser, whose page asks the visitor to approve what it unlocks — opening alone
 * verifies nothing and leaves the link usable — and after the click says the visitor is verified;
 * and the widget, still open, shows "Verified as …" and the address — live, without a reload.
 */
import { readFileSync } from "node:fs";
import PostalMime from "postal-mime";
import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import demo from "../../scripts/demo-agent.json" with { type: "json" };
import { launchChromium, newContext, STEP_TIMEOUT_MS } from "./support/browser";
import { startSeededFrontdesk, type RunningFrontdesk } from "./support/frontdesk";
import { openWidget, startHostSite, type HostSite } from "./support/host-site";

const [CONTACT] = demo.contacts;
const ADDRESS = CONTACT?.properties.billing_address ?? "";

let frontdesk: RunningFrontdesk;
let host: HostSite;
let browser: Browser;
let context: BrowserContext;

/** The .eml files wrangler dev has written so far, from the paths it logged. */
const emlFiles = (): string[] => [...frontdesk.output().matchAll(/(\/[^\s"'`]+\.eml)\b/g)].map((m) => m[1] ?? "");

beforeAll(async () => {
  frontdesk = await startSeededFrontdesk(); // the demo agent may read billing addresses after verify_email; Ada is a demo contact
  host = await startHostSite(frontdesk.url);
  browser = await launchChromium();
  context = await newContext(browser);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await host?.close();
  await frontdesk?.stop();
});

describe("contact data in the widget", () => {
  it("answers the billing address only after the emailed link is opened, and the open widget updates live", async () => {
    expect(CONTACT?.email).toBeTruthy();
    const page = await context.newPage();
    const panel = await openWidget(page, host.url);
    const input = panel.getByLabel("Your message");
    await input.fill("What address do you have for my invoices?");
    await input.press("Enter");
    await panel.getByText("What is the email address on your account?").waitFor();

    await input.fill(CONTACT?.email ?? "");
    await input.press("Enter");
    await panel.getByText(`I've sent a verification link to ${CONTACT?.email}`).waitFor();
    expect(await panel.locator(".fd-log").textContent()).not.toContain(ADDRESS);

    await expect.poll(() => emlFiles().length, { timeout: STEP_TIMEOUT_MS }).toBeGreaterThan(0);
    const mail = await PostalMime.parse(readFileSync(emlFiles().at(-1) ?? ""));
    expect(mail.to?.map((t) => t.address)).toEqual([CONTACT?.email]);
    const link = /https?:\/\/\S+\/v1\/verify#token=[A-Za-z0-9_-]{43}/.exec(mail.text ?? "")?.[0];
    expect(link?.startsWith(`${frontdesk.url}/v1/verify#token=`)).toBe(true);

    const question = "Let Frontdesk Demo show your billing address and first name in the chat?";
    // Opening the link (as a mail scanner or a visitor who never asked for it would) approves nothing.
    const scanned = await context.newPage();
    await scanned.goto(link ?? "");
    await scanned.getByText(question).waitFor();
    expect(scanned.url()).not.toContain("token="); // the page drops the token from the address bar
    await scanned.close();
    expect(await panel.getByText("Verified as", { exact: false }).count()).toBe(0);

    const verifyPage = await context.newPage();
    await verifyPage.goto(link ?? "");
    await verifyPage.getByText(question).waitFor(); // the token still works: it was not spent on load
    await verifyPage.getByText(`This confirms that ${CONTACT?.email} is your address.`, { exact: false }).waitFor();
    expect(await panel.getByText("Verified as", { exact: false }).count()).toBe(0);
    await verifyPage.getByRole("button", { name: "Approve" }).click();
    await verifyPage.getByText("you can return to the chat").waitFor();

    await panel.getByText(`Verified as ${CONTACT?.email}`).waitFor();
    await panel.getByText(ADDRESS).waitFor();
    await page.close();
    await verifyPage.close();
  }, 90_000);
});
