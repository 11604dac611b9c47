/**
 * Lead qualification end to end, in real browsers: the demo agent gets a goal (two questions that
 * fill contact properties, a qualified lead goes to the "Sales" team); a sales staff member is
 * signed in to /inbox and available; a visitor on a customer's site gives their email, asks what it
 * costs, and the widget asks the goal's questions one at a time. Once both are answered the widget
 * hands the visitor over, the conversation waits in the sales person's inbox (Mine) as a qualified
 * lead, the leads API lists it with its score and answers, and the contact holds both answers.
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium, newContext, STEP_TIMEOUT_MS } from "./support/browser";
import { startSeededFrontdesk, type RunningFrontdesk } from "./support/frontdesk";
import { openWidget, startHostSite, type HostSite } from "./support/host-site";

const SIZE = "How many people are on your team?";
const PLAN = "Which plan are you looking at: starter, business or enterprise?";
const VISITOR_EMAIL = "lead.visitor@acme.example";

let frontdesk: RunningFrontdesk;
let host: HostSite;
let browser: Browser;
let visitorContext: BrowserContext;
let staffContext: BrowserContext;

beforeAll(async () => {
  frontdesk = await startSeededFrontdesk();
  host = await startHostSite(frontdesk.url);
  browser = await launchChromium();
  visitorContext = await newContext(browser);
  staffContext = await newContext(browser);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await host?.close();
  await frontdesk?.stop();
});

/** An admin API call; fails the test unless it answers `status`. */
async function admin<T>(method: string, path: string, status: number, body?: unknown): Promise<T> {
  const response = await fetch(`${frontdesk.url}/api${path}`, {
    method,
    headers: { authorization: `Bearer ${frontdesk.adminToken}`, "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  expect(response.status, `${method} ${path}: ${text}`).toBe(status);
  return (text ? JSON.parse(text) : null) as T;
}

/** The contact properties for the answers, a "Sales" team with one staff member, and the goal on the demo agent (published). */
async function setUpSales(): Promise<{ invitationUrl: string }> {
  await admin("POST", "/contact-properties", 201, { name: "team_size", label: "Team size", type: "number" });
  await admin("POST", "/contact-properties", 201, { name: "plan", label: "Plan", type: "text" });
  const invited = await admin<{ staff: { id: string }; invitationUrl: string }>("POST", "/staff", 201, {
    email: "sam@acme.example",
    name: "Sam",
    role: "agent",
  });
  const team = await admin<{ id: string }>("POST", "/teams", 201, { name: "Sales", memberIds: [invited.staff.id] });

  type AgentView = { name: string; personality: string; greeting: string; settings: Record<string, unknown> };
  const agent = await admin<AgentView>("GET", "/agents/demo", 200);
  const channels = (agent.settings.channels ?? {}) as Record<string, Record<string, unknown>>;
  const settings = {
    ...agent.settings,
    // The demo agent never asks for an email; here it asks before its first answer, so the lead has a contact.
    channels: { ...channels, live_chat: { ...channels.live_chat, emailCapture: "before_first_answer" } },
    goal: {
      enabled: true,
      criteria: [
        { question: SIZE, property: "team_size", accepted: ["11-50", "50+"], score: 50 },
        { question: PLAN, property: "plan", accepted: ["business", "enterprise"], score: 50 },
      ],
      thresholds: { qualified: 100, partial: 50 },
      qualified: { kind: "handoff", routing: { type: "team", teamId: team.id } },
    },
  };
  const { name, personality, greeting } = agent;
  await admin("PUT", "/agents/demo", 200, { name, personality, greeting, settings });
  await admin("POST", "/agents/demo/publish", 200);
  return { invitationUrl: invited.invitationUrl };
}

/** The staff member joins through the invitation link and goes available (the server knows before the visitor asks). */
async function signInAvailable(invitationUrl: string): Promise<Page> {
  const staff = await staffContext.newPage();
  await staff.goto(invitationUrl);
  await staff.getByLabel(/Choose a password/).fill("a long enough password");
  await staff.getByRole("button", { name: "Join" }).click();
  await staff.getByRole("tab", { name: "Waiting" }).waitFor();
  const saved = staff.waitForResponse(
    (r) => r.url().endsWith("/v1/inbox/me") && r.request().method() === "PUT" && r.ok(),
  );
  await staff.getByLabel("Available").check();
  await saved;
  return staff;
}

describe("lead qualification", () => {
  it(
    "asks the goal's questions after buying intent, stores and labels the lead, and hands a qualified one to sales",
    async () => {
      const { invitationUrl } = await setUpSales();
      const staff = await signInAvailable(invitationUrl);
      await staff.getByRole("tab", { name: "Mine" }).click();
      await staff.getByText("No conversations here.").waitFor();

      const visitor = await visitorContext.newPage();
      const panel = await openWidget(visitor, host.url);
      const input = panel.getByLabel("Your message");
      const send = async (text: string) => {
        await input.fill(text);
        await input.press("Enter");
      };
      await send("How much does it cost for a team?");
      await panel.getByText("Before I answer, could you share your email address", { exact: false }).waitFor();
      expect(await panel.getByText(SIZE).count()).toBe(0); // not before the agent has answered
      await send(VISITOR_EMAIL);
      await panel.getByText(`Thanks! We will use ${VISITOR_EMAIL}`, { exact: false }).waitFor();

      // The questions come one at a time, after the agent's answer.
      await panel.getByText(SIZE).waitFor();
      expect(await panel.getByText(PLAN).count()).toBe(0);
      await send("about 30 people");
      await panel.getByText(PLAN).waitFor();
      await send("Enterprise, probably");
      await panel.getByText("I am bringing in a person from our team.", { exact: false }).waitFor();

      // The conversation is assigned to the sales person (Mine), waiting, as a qualified lead handed off for that reason.
      const row = staff.locator(".ib-row", { hasText: VISITOR_EMAIL });
      await row.waitFor();
      const conversationId = (await row.getAttribute("data-conversation")) ?? "";
      expect(conversationId).not.toBe("");
      expect(await row.locator(".ib-meta").textContent()).toBe(
        "Waiting for a person · Lead for sales · Qualified lead", // the handoff reason, then the lead label
      );
      await row.click();
      await staff.locator(".ib-visitor", { hasText: "Enterprise, probably" }).waitFor();
      expect(await staff.locator(".ib-bar .ib-lead").textContent()).toBe(" · Qualified lead");
      await expect.poll(() => staff.locator(".ib-state").textContent()).toBe("Waiting for a person");

      // The leads API lists it with its label, score and both answers.
      type Leads = {
        items: { conversationId: string; label: string; score: number; contactId?: string; answers: unknown[] }[];
      };
      const leads = await admin<Leads>("GET", "/agents/demo/leads", 200);
      const lead = leads.items.find((item) => item.conversationId === conversationId);
      expect(lead).toMatchObject({
        label: "qualified",
        score: 100,
        answers: [
          { property: "team_size", value: "about 30 people", accepted: true },
          { property: "plan", value: "Enterprise, probably", accepted: true },
        ],
      });

      // The contact (by the visitor's email) holds both answers, the number as a number.
      type Contacts = { items: { id: string; properties: Record<string, unknown> }[] };
      const contacts = await admin<Contacts>("GET", `/contacts?email=${encodeURIComponent(VISITOR_EMAIL)}`, 200);
      expect(contacts.items).toHaveLength(1);
      expect(lead?.contactId).toBe(contacts.items[0]?.id);
      expect(contacts.items[0]?.properties).toMatchObject({ team_size: 30, plan: "Enterprise, probably" });
      await visitor.close();
    },
    STEP_TIMEOUT_MS * 4,
  );
});
