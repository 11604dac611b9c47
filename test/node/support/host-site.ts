/**
 * A customer's site for browser tests: a page on `localhost` (another site than the Worker on
 * 127.0.0.1, as on a real customer's domain) with the widget's script tag, and opening the
 * widget on it.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { Frame, FrameLocator, Page } from "playwright-core";
import { expect } from "vitest";
import { STEP_TIMEOUT_MS } from "./browser";

export type HostSite = { url: string; close: () => Promise<void> };

const escapeAttribute = (value: string): string => value.replace(/&/g, "&amp;").replace(/"/g, "&quot;");

/** Serves the host page with the widget of `agentId`; `attributes` are added to the script tag (e.g. `data-identity-email`). */
export async function startHostSite(
  workerUrl: string,
  attributes: Record<string, string> = {},
  agentId = "demo",
): Promise<HostSite> {
  const extra = Object.entries(attributes)
    .map(([name, value]) => ` ${name}="${escapeAttribute(value)}"`)
    .join("");
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8">\
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Acme Outdoor</title></head>
<body><h1>Acme Outdoor</h1><p>Tents, boots and good advice.</p>
<script src="${workerUrl}/widget.js" data-agent="${escapeAttribute(agentId)}"${extra} async></script></body></html>`;
  const server = createServer((_req, res) => res.writeHead(200, { "content-type": "text/html" }).end(html));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://localhost:${(server.address() as AddressInfo).port}/`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Opens the host page and the widget, and waits until the panel shows the agent. */
export async function openWidget(page: Page, hostUrl: string): Promise<FrameLocator> {
  await page.goto(hostUrl);
  await page.getByRole("button", { name: "Open chat" }).click();
  const panel = page.frameLocator('iframe[title="Chat"]');
  await expect.poll(() => panel.locator(".fd-badge").textContent(), { timeout: STEP_TIMEOUT_MS }).toBe("Powered by AI");
  return panel;
}

/** The open panel's document as a Frame, for what a FrameLocator cannot do (e.g. evaluate a script in it). */
export async function panelFrame(page: Page): Promise<Frame> {
  const frame = await (await page.locator('iframe[title="Chat"]').elementHandle())?.contentFrame();
  if (!frame) throw new Error("the chat panel's iframe has no document");
  return frame;
}
