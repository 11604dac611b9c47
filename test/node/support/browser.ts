/**
 * Debian's Chromium driven by playwright-core, with the flags this machine needs (no network, root), and browser
 * contexts that wait for conditions up to one step's limit.
 */
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions } from "playwright-core";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
/** The longest any single condition may take to become true (a guard against hangs, not a sleep). */
export const STEP_TIMEOUT_MS = 30_000;

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-quic",
    ],
  });
}

/** A fresh browser context (its own storage, like another visitor) whose waits give up after STEP_TIMEOUT_MS. */
export async function newContext(browser: Browser, options: BrowserContextOptions = {}): Promise<BrowserContext> {
  const context = await browser.newContext(options);
  context.setDefaultTimeout(STEP_TIMEOUT_MS);
  return context;
}
