/**
 * The console's Lead qualification tab in a real browser (issue 17): an owner sets up a goal with
 * two questions filling contact properties, sees the API's refusal of a bad validation pattern
 * under its field (nothing saved), then saves and publishes the goal with a sales team for
 * qualified leads — the published settings hold it, a reload shows it again, and the (empty) leads
 * list is there. Each step passes axe.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { blockingViolations } from "./support/accessibility";
import { launchChromium, newContext } from "./support/browser";
import { startSeededFrontdesk, type RunningFrontdesk } from "./support/frontdesk";

let frontdesk: RunningFrontdesk;
let browser: Browser;
let teamId: string;

async function admin(path: string, init: { method?: string; json?: unknown } = {}): Promise<Response> {
  return fetch(`${frontdesk.url}/api${path}`, {
    method: init.method ?? "GET",
    headers: {
      authorization: `Bearer ${frontdesk.adminToken}`,
      ...(init.json === undefined ? {} : { "content-type": "application/json" }),
    },
    body: init.json === undefined ? undefined : JSON.stringify(init.json),
  });
}

type AgentView = { settings: { goal?: unknown }; draft: { settings: { goal?: unknown } } | null };
const demoAgent = async (): Promise<AgentView> => (await (await admin("/agents/demo")).json()) as AgentView;

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
  const property = await admin("/contact-properties", {
    method: "POST",
    json: { name: "team_size", label: "Team size", type: "number" },
  });
  expect(property.status).toBe(201);
  const team = await admin("/teams", { method: "POST", json: { name: "Sales" } });
  expect(team.status, await team.clone().text()).toBe(201);
  teamId = ((await team.json()) as { id: string }).id;
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await frontdesk?.stop();
});

describe("the console's lead qualification", () => {
  it("saves and publishes a goal, showing the API's refusals under their fields", async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await signInWithToken(page);
    await page.goto(`${frontdesk.url}/console/#/agents/demo/goals`);
    const form = page.getByRole("form", { name: "Lead qualification" });
    await form.getByRole("heading", { name: "Lead qualification" }).waitFor();
    await page.getByText("No leads yet.").waitFor();
    expect(await blockingViolations(page)).toEqual([]);

    await form.getByLabel("Ask qualifying questions").check();
    const first = form.getByRole("group", { name: "Question 1" });
    await first.getByLabel("Question", { exact: true }).fill("Which company are you with?");
    await first.getByLabel("Contact property").selectOption("company");
    await first.getByLabel("Score").fill("10");
    await form.getByRole("button", { name: "Add a question" }).click();
    const second = form.getByRole("group", { name: "Question 2" });
    await second.getByLabel("Question", { exact: true }).fill("How many people are on your team?");
    await second.getByLabel("Contact property").selectOption("team_size");
    await second.getByLabel("Accepted answers").fill("11-50, 50+");
    await second.getByLabel("Validation pattern").fill("([0-9");
    await second.getByLabel("Score").fill("30");
    await form.getByLabel("Qualified from score", { exact: true }).fill("40");
    await form.getByLabel("Partially qualified from score").fill("10");
    await form.getByLabel("Trigger phrases").fill("rollout\nteam licence");
    await form.getByLabel("Team", { exact: true }).selectOption(teamId);

    // A pattern that is not a regular expression: the error shows under its field, and nothing is saved.
    await form.getByRole("button", { name: "Save draft" }).click();
    const error = second.locator(".c-invalid .c-error");
    await error.waitFor();
    expect(await error.textContent()).toContain("regular expression");
    expect(await second.getByLabel("Validation pattern").getAttribute("aria-describedby")).toContain(
      (await error.getAttribute("id")) ?? "missing",
    );
    const before = await demoAgent();
    expect(before.settings.goal).toBeUndefined();
    expect(before.draft?.settings.goal).toBeUndefined();
    expect(await blockingViolations(page)).toEqual([]);

    // Fixed: saved and published at once.
    await second.getByLabel("Validation pattern").fill("[0-9a-z ]+");
    await form.getByRole("button", { name: "Save and publish" }).click();
    await page.getByText("Saved and published.").waitFor();
    await expect
      .poll(async () => (await demoAgent()).settings.goal)
      .toEqual({
        enabled: true,
        criteria: [
          { question: "Which company are you with?", property: "company", accepted: [], score: 10 },
          {
            question: "How many people are on your team?",
            property: "team_size",
            accepted: ["11-50", "50+"],
            pattern: "[0-9a-z ]+",
            score: 30,
          },
        ],
        thresholds: { qualified: 40, partial: 10 },
        triggerPhrases: ["rollout", "team licence"],
        qualified: { kind: "handoff", routing: { type: "team", teamId } },
      });
    expect((await demoAgent()).draft).toBeNull();

    // A reload shows the saved goal.
    await page.reload();
    await form.getByRole("group", { name: "Question 2" }).waitFor();
    expect(await second.getByLabel("Accepted answers").inputValue()).toBe("11-50, 50+");
    expect(await form.getByLabel("Team", { exact: true }).inputValue()).toBe(teamId);
    expect(await form.getByLabel("Ask qualifying questions").isChecked()).toBe(true);
    expect(await blockingViolations(page)).toEqual([]);
    await context.close();
  }, 120_000);
});
