/**
 * Lead-qualification goals through the admin API: a goal saved as a draft and published, the
 * refusals (unknown property, too many criteria, thresholds the wrong way round, a bad pattern,
 * an unknown team) that leave the saved settings alone, and the leads list.
 */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { database } from "../../worker/db/client";
import { teams } from "../../worker/db/people-schema";
import { conversations } from "../../worker/db/schema";
import { saveLeadAnswer, setLeadLabel } from "../../worker/goals/lead-store";
import { adminFetch } from "./helpers/seed";
import { lifecycleAgent } from "./support/lifecycle";

const AGENT = "goal-settings";
const TEAM = "t-goal-sales";

const criterion = (property: string, extra: Record<string, unknown> = {}) => ({
  question: `What is your ${property}?`,
  property,
  score: 20,
  ...extra,
});
const goal = (extra: Record<string, unknown> = {}) => ({
  enabled: true,
  criteria: [criterion("team_size", { accepted: ["11-50", "50+"], pattern: "[0-9 a-z]+" }), criterion("budget")],
  thresholds: { qualified: 40, partial: 20 },
  triggerPhrases: ["rollout"],
  qualified: { kind: "handoff", routing: { type: "team", teamId: TEAM } },
  ...extra,
});

const put = (settings: unknown) =>
  adminFetch(`/agents/${AGENT}`, {
    method: "PUT",
    json: { name: "Goals", personality: "friendly", greeting: "Hi", settings },
  });
const details = async (response: Response) =>
  ((await response.json()) as { error: { details: Record<string, string> } }).error.details;
const savedGoal = async () => {
  const agent = (await (await adminFetch(`/agents/${AGENT}`)).json()) as {
    settings: { goal?: unknown };
    draft: { settings: { goal?: unknown } } | null;
  };
  return { published: agent.settings.goal, draft: agent.draft?.settings.goal };
};

beforeAll(async () => {
  for (const [name, type] of [
    ["team_size", "number"],
    ["budget", "text"],
  ] as const) {
    const response = await adminFetch("/contact-properties", { method: "POST", json: { name, label: name, type } });
    expect([201, 409]).toContain(response.status);
  }
  const now = Date.now();
  await database(env)
    .insert(teams)
    .values({ id: TEAM, name: "Sales", createdAt: now, updatedAt: now })
    .onConflictDoNothing();
  await lifecycleAgent(AGENT, {});
});

describe("goal settings", () => {
  it("saves a goal as a draft of the live agent and publishes it", async () => {
    const response = await put({ goal: goal() });
    expect(response.status, await response.clone().text()).toBe(200);
    const { published, draft } = await savedGoal();
    expect(published).toBeUndefined();
    expect(draft).toMatchObject({ enabled: true, criteria: [{ property: "team_size" }, { property: "budget" }] });
    expect((await adminFetch(`/agents/${AGENT}/publish`, { method: "POST" })).status).toBe(200);
    expect((await savedGoal()).published).toMatchObject({
      thresholds: { qualified: 40, partial: 20 },
      qualified: { kind: "handoff", routing: { type: "team", teamId: TEAM } },
    });
  });

  it("refuses a goal with a field error each, keeping what was saved", async () => {
    const before = await savedGoal();
    const sixCriteria = Array.from({ length: 6 }, () => criterion("budget"));
    const cases: [unknown, string][] = [
      [goal({ criteria: [criterion("shoe_size")] }), "settings.goal.criteria.0.property"],
      [goal({ criteria: [criterion("budget"), criterion("email")] }), "settings.goal.criteria.1.property"],
      [goal({ criteria: sixCriteria }), "settings.goal.criteria"],
      [goal({ thresholds: { qualified: 10, partial: 30 } }), "settings.goal.thresholds.partial"],
      [goal({ criteria: [criterion("budget", { pattern: "([a-z]+" })] }), "settings.goal.criteria.0.pattern"],
      [goal({ criteria: [criterion("budget", { pattern: "(\\w+\\s?)*" })] }), "settings.goal.criteria.0.pattern"],
      [
        goal({ qualified: { kind: "handoff", routing: { type: "team", teamId: "t-nobody" } } }),
        "settings.goal.qualified.routing.teamId",
      ],
      [
        goal({ qualified: { kind: "handoff", routing: { type: "staff", staffId: "st_nobody" } } }),
        "settings.goal.qualified.routing.staffId",
      ],
      [goal({ qualified: { kind: "meeting_link", url: "javascript:alert(1)" } }), "settings.goal.qualified.url"],
    ];
    for (const [bad, field] of cases) {
      const response = await put({ goal: bad });
      expect(response.status, field).toBe(400);
      expect(Object.keys(await details(response)), field).toContain(field);
    }
    expect(await savedGoal()).toEqual(before);
  });
});

describe("GET /api/agents/:id/leads", () => {
  it("lists labelled conversations newest first, by label, paged, with their answers", async () => {
    const db = database(env);
    const now = Date.now();
    const ids = ["cv_lead_a", "cv_lead_b", "cv_lead_c", "cv_not_a_lead"];
    for (const id of ids)
      await db
        .insert(conversations)
        .values({
          id,
          agentId: AGENT,
          visitorId: `v_${id}`,
          contactId: id === "cv_lead_b" ? "ct_lead_b" : null,
          channel: "live_chat",
          status: "active",
          createdAt: now,
          updatedAt: now,
        })
        .onConflictDoNothing();
    await saveLeadAnswer(env, {
      conversationId: "cv_lead_b",
      criterion: 1,
      property: "budget",
      value: " 10k ",
      accepted: true,
    });
    await saveLeadAnswer(env, {
      conversationId: "cv_lead_b",
      criterion: 0,
      property: "team_size",
      value: "30",
      accepted: true,
    });
    expect(await setLeadLabel(env, "cv_lead_a", { label: "unqualified", score: 0 }, now - 3000)).toBe(true);
    expect(await setLeadLabel(env, "cv_lead_b", { label: "qualified", score: 40 }, now - 1000)).toBe(true);
    expect(await setLeadLabel(env, "cv_lead_c", { label: "partially_qualified", score: 20 }, now - 2000)).toBe(true);
    expect(await setLeadLabel(env, "cv_nobody", { label: "qualified", score: 40 })).toBe(false);

    const all = (await (await adminFetch(`/agents/${AGENT}/leads`)).json()) as {
      items: { conversationId: string }[];
      nextCursor: string | null;
    };
    expect(all.items.map((l) => l.conversationId)).toEqual(["cv_lead_b", "cv_lead_c", "cv_lead_a"]);
    expect(all.items[0]).toEqual({
      conversationId: "cv_lead_b",
      label: "qualified",
      score: 40,
      answers: [
        { property: "team_size", value: "30", accepted: true },
        { property: "budget", value: "10k", accepted: true },
      ],
      contactId: "ct_lead_b",
      at: now - 1000,
    });
    expect(all.nextCursor).toBeNull();

    const qualified = (await (await adminFetch(`/agents/${AGENT}/leads?label=qualified`)).json()) as typeof all;
    expect(qualified.items.map((l) => l.conversationId)).toEqual(["cv_lead_b"]);

    const first = (await (await adminFetch(`/agents/${AGENT}/leads?limit=2`)).json()) as typeof all;
    expect(first.items.map((l) => l.conversationId)).toEqual(["cv_lead_b", "cv_lead_c"]);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = (await (
      await adminFetch(`/agents/${AGENT}/leads?limit=2&cursor=${first.nextCursor}`)
    ).json()) as typeof all;
    expect(second.items.map((l) => l.conversationId)).toEqual(["cv_lead_a"]);
    expect(second.nextCursor).toBeNull();
  });

  it("refuses bad queries and unknown agents", async () => {
    expect((await adminFetch(`/agents/${AGENT}/leads?label=hot`)).status).toBe(400);
    expect((await adminFetch(`/agents/${AGENT}/leads?cursor=nonsense`)).status).toBe(400);
    expect((await adminFetch(`/agents/${AGENT}/leads?limit=0`)).status).toBe(400);
    expect((await adminFetch("/agents/no-such-agent/leads")).status).toBe(404);
  });
});
