/**
 * The embed allowlist (`settings.allowedOrigins`): validated and warned about on save; when set,
 * the widget config refuses other sites' `Origin` (also when a response is already cached), `/panel`
 * carries `frame-ancestors` with the listed sites and refuses another `host`, conversation start
 * refuses a host or `Origin` outside the list, and so does the socket upgrade. Without a list,
 * everything works from any site, as before.
 */
import { describe, expect, it } from "vitest";
import { adminFetch } from "./helpers/seed";
import { socketResponse, socketTicketResponse, ticketSocketResponse, workerFetch } from "./support/chat-client";

const SHOP = "https://shop.example.com";
const STAGING = "http://localhost:8790";
const OTHER = "https://evil.example";
const OWN = "http://frontdesk.test"; // the Worker's own origin in these tests

async function saveAgent(id: string, settings: Record<string, unknown>): Promise<Response> {
  return adminFetch(`/agents/${id}`, {
    method: "PUT",
    json: { name: "Shop", personality: "friendly", greeting: "Hi", settings },
  });
}

async function expectError(response: Response, status: number, code: string): Promise<void> {
  expect(response.status).toBe(status);
  expect(((await response.json()) as { error: { code: string } }).error.code).toBe(code);
}

const widgetConfig = (agentId: string, origin?: string) =>
  workerFetch(`/v1/agents/${agentId}/widget-config`, { headers: origin ? { origin } : {} });

const start = (agentId: string, body: Record<string, unknown>, origin = OWN) =>
  workerFetch(`/v1/agents/${agentId}/conversations`, {
    method: "POST",
    headers: { "content-type": "application/json", origin },
    body: JSON.stringify(body),
  });

const panel = (agentId: string, host?: string) =>
  workerFetch(`/panel?agent=${agentId}${host ? `&host=${encodeURIComponent(host)}` : ""}`);

describe("saving allowedOrigins", () => {
  it("warns when any site may embed the widget, and not when sites are listed", async () => {
    const open = (await (await saveAgent("embed-open", {})).json()) as { warnings?: string[] };
    expect(open.warnings).toEqual([expect.stringMatching(/allowedOrigins is empty: any site/)]);
    const listed = (await (await saveAgent("embed-listed", { allowedOrigins: [SHOP] })).json()) as {
      warnings?: string[];
      settings: { allowedOrigins: string[] };
    };
    expect(listed.warnings).toBeUndefined();
    expect(listed.settings.allowedOrigins).toEqual([SHOP]);
  });

  it("refuses what is not an exact origin, and more than 50", async () => {
    for (const bad of [
      "https://shop.example.com/",
      "https://shop.example.com/help",
      "shop.example.com",
      "ftp://shop.example.com",
      "https://*.example.com",
    ]) {
      const response = await saveAgent("embed-bad", { allowedOrigins: [bad] });
      expect(response.status, bad).toBe(400);
      const body = (await response.json()) as { error: { details: Record<string, string> } };
      expect(Object.keys(body.error.details)).toEqual(["settings.allowedOrigins.0"]);
    }
    const many = Array.from({ length: 51 }, (_, i) => `https://site${i}.example`);
    expect((await saveAgent("embed-bad", { allowedOrigins: many })).status).toBe(400);
    expect((await adminFetch("/agents/embed-bad")).status).toBe(404); // nothing was saved
  });
});

describe("an agent that lists its sites", () => {
  const AGENT = "embed-shop";

  it("serves the widget config to listed sites only, even once it is cached", async () => {
    await saveAgent(AGENT, { allowedOrigins: [SHOP, STAGING] });
    const listed = await widgetConfig(AGENT, SHOP);
    expect(listed.status).toBe(200);
    expect(listed.headers.get("access-control-allow-origin")).toBe(SHOP);
    expect(listed.headers.get("x-frontdesk-allowed-origins")).toBeNull(); // the cached policy is never sent
    await expectError(await widgetConfig(AGENT, OTHER), 403, "origin_not_allowed"); // the entry is cached now
    expect((await widgetConfig(AGENT, STAGING)).status).toBe(200);
    expect((await widgetConfig(AGENT)).status).toBe(200); // the panel's own same-origin request sends no Origin
    expect((await widgetConfig(AGENT, OWN)).status).toBe(200);
  });

  it("serves /panel with frame-ancestors naming the listed sites, and refuses another host", async () => {
    const ok = await panel(AGENT, SHOP);
    expect(ok.status).toBe(200);
    expect(ok.headers.get("content-security-policy")).toBe(`frame-ancestors ${SHOP} ${STAGING}`);
    expect(await ok.text()).toContain("panel.js");
    for (const host of [OTHER, undefined]) {
      const refused = await panel(AGENT, host);
      expect(refused.status).toBe(403);
      expect(refused.headers.get("content-security-policy")).toContain(`frame-ancestors ${SHOP} ${STAGING}`);
      const page = await refused.text();
      expect(page).toContain("not available on this site");
      expect(page).not.toContain("<script");
    }
  });

  it("starts conversations only for a listed host, from the panel's own origin", async () => {
    expect((await start(AGENT, { host: SHOP })).status).toBe(201);
    await expectError(await start(AGENT, { host: OTHER }), 403, "origin_not_allowed");
    await expectError(await start(AGENT, {}), 403, "origin_not_allowed");
    await expectError(await start(AGENT, { host: SHOP }, OTHER), 403, "origin_not_allowed"); // a script on another site
  });

  it("refuses a socket opened from another site", async () => {
    const started = (await (await start(AGENT, { host: SHOP })).json()) as {
      conversationId: string;
      visitorToken: string;
    };
    const otherTicket = await socketTicketResponse(started.conversationId, started.visitorToken, {
      headers: { origin: OTHER },
    });
    await expectError(otherTicket, 403, "origin_not_allowed");
    const ticket = (await (await socketTicketResponse(started.conversationId, started.visitorToken)).json()) as {
      ticket: string;
    };
    const fromOther = await ticketSocketResponse(started.conversationId, ticket.ticket, { headers: { origin: OTHER } });
    await expectError(fromOther, 403, "origin_not_allowed");
    const fromPanel = await socketResponse(started.conversationId, started.visitorToken);
    expect(fromPanel.status).toBe(101);
    fromPanel.webSocket?.accept();
    fromPanel.webSocket?.close();
  });
});

describe("an agent without a list", () => {
  it("works from any site as before, with no frame-ancestors", async () => {
    const AGENT = "embed-any";
    await saveAgent(AGENT, {});
    const config = await widgetConfig(AGENT, OTHER);
    expect(config.status).toBe(200);
    expect(config.headers.get("access-control-allow-origin")).toBe("*");
    const page = await panel(AGENT, OTHER);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-security-policy")).toBeNull();
    expect((await start(AGENT, { host: OTHER }, OTHER)).status).toBe(201);
  });
});
