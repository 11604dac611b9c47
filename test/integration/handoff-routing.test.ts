/**
 * Routing a handoff: to a team (round robin among its available, connected members), to one
 * staff member, or round robin among everyone; staff who are unavailable or have no inbox open
 * are skipped, and with nobody left the visitor is told when to expect an answer.
 */
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { STAFF_ID_HEADER } from "../../worker/protocol/internal-headers";
import { database } from "../../worker/db/client";
import { conversations, handoffs } from "../../worker/db/schema";
import { staff, teamMembers, teams } from "../../worker/db/people-schema";
import { inboxShard } from "../../worker/inbox/hub";
import { connectedStaffIds, disconnectStaff } from "../../worker/inbox/presence";
import { VOICES } from "../../worker/agent/offline/voice";
import { adminFetch } from "./helpers/seed";
import { ChatSocket, startConversation } from "./support/chat-client";
import { hasSystem, lifecycleAgent } from "./support/lifecycle";

const open: WebSocket[] = [];

/**
 * Opens an inbox socket for a staff member on one agent's hub shard (the headers the Worker sets after
 * checking the session). The inbox page opens one on every agent's shard; presence asks them all.
 */
async function connectInbox(staffId: string, agentId = "route-team"): Promise<WebSocket> {
  const response = await inboxShard(env, agentId).fetch("http://inbox/socket", {
    headers: { upgrade: "websocket", [STAFF_ID_HEADER]: staffId },
  });
  expect(response.status).toBe(101);
  const ws = response.webSocket!;
  ws.accept();
  open.push(ws);
  return ws;
}

async function addStaff(id: string, available: boolean): Promise<void> {
  const now = Date.now();
  await database(env)
    .insert(staff)
    .values({
      id,
      email: `${id}@team.example`,
      name: `Staff ${id}`,
      role: "agent",
      available,
      createdAt: now,
      updatedAt: now,
    })
    .onConflictDoNothing();
}

/** Hands off one new conversation of `agentId`; the staff id it was routed to, or null for the fallback. */
async function handOffOnce(agentId: string): Promise<string | null> {
  const { conversationId, visitorToken } = await startConversation(agentId, undefined, false);
  const socket = await ChatSocket.open(conversationId, visitorToken);
  socket.send({ type: "message", id: "m1", text: "I want to talk to a human" });
  await socket.waitFor((events) => hasSystem("handoff")(events) || hasSystem("no_staff")(events));
  socket.close();
  // The visitor reads the handoff line before its rows are written: wait for them.
  const row = await vi.waitFor(async () => {
    const handoff = await database(env)
      .select()
      .from(handoffs)
      .where(eq(handoffs.conversationId, conversationId))
      .get();
    const conversation = await database(env)
      .select()
      .from(conversations)
      .where(eq(conversations.id, conversationId))
      .get();
    expect(handoff).toBeDefined();
    expect(conversation?.handoffReason).toBe("visitor_asked");
    expect(conversation?.assignedStaffId ?? null).toBe(handoff?.routedStaffId ?? null);
    return handoff;
  });
  return row?.routedStaffId ?? null;
}

beforeAll(async () => {
  for (const id of ["r-ann", "r-ben", "r-cat"]) await addStaff(id, true);
  await addStaff("r-dan", false); // connected but not available
  const now = Date.now();
  await database(env)
    .insert(teams)
    .values({ id: "t-billing", name: "Billing", createdAt: now, updatedAt: now })
    .onConflictDoNothing();
  for (const member of ["r-ann", "r-ben", "r-dan"])
    await database(env).insert(teamMembers).values({ teamId: "t-billing", staffId: member }).onConflictDoNothing();
});

afterEach(() => {
  while (open.length > 0) open.pop()?.close(1000, "test done");
});

describe("handoff routing", () => {
  it("presence follows open inbox sockets", async () => {
    await lifecycleAgent("route-team", { handoff: { routing: { type: "team", teamId: "t-billing" } } });
    const ws = await connectInbox("r-ann");
    expect(await connectedStaffIds(env)).toContain("r-ann");
    expect(await connectedStaffIds(env, "route-team")).toContain("r-ann");
    ws.close(1000, "bye");
    await expect.poll(async () => (await connectedStaffIds(env)).has("r-ann")).toBe(false);
  });

  it("sees presence on any agent's shard, and signs a person out of every shard", async () => {
    await lifecycleAgent("route-shard-a", {});
    await lifecycleAgent("route-shard-b", {});
    const onA = await connectInbox("r-eve", "route-shard-a");
    const onB = await connectInbox("r-eve", "route-shard-b");
    await connectInbox("r-fay", "route-shard-b");
    expect(await connectedStaffIds(env, "route-shard-a")).toEqual(new Set(["r-eve"]));
    expect([...(await connectedStaffIds(env))]).toEqual(expect.arrayContaining(["r-eve", "r-fay"]));
    const closed = [onA, onB].map((ws) => new Promise((resolve) => ws.addEventListener("close", resolve)));
    await disconnectStaff(env, "r-eve");
    await Promise.all(closed);
    await expect.poll(async () => (await connectedStaffIds(env)).has("r-eve")).toBe(false);
    expect(await connectedStaffIds(env, "route-shard-b")).toEqual(new Set(["r-fay"]));
  });

  it("round robin within a team skips members who are unavailable or not connected", async () => {
    await lifecycleAgent("route-team", { handoff: { routing: { type: "team", teamId: "t-billing" } } });
    for (const id of ["r-ann", "r-ben", "r-cat", "r-dan"]) await connectInbox(id);
    const routed = [
      await handOffOnce("route-team"),
      await handOffOnce("route-team"),
      await handOffOnce("route-team"),
      await handOffOnce("route-team"),
    ];
    expect(new Set(routed)).toEqual(new Set(["r-ann", "r-ben"])); // r-cat is not in the team, r-dan is unavailable
    expect(routed[0]).not.toBe(routed[1]); // turns alternate
    expect(routed[2]).toBe(routed[0]);
    expect(routed[3]).toBe(routed[1]);
  });

  it("routes to one named staff member, and falls back when they are not connected", async () => {
    await lifecycleAgent("route-one", {
      handoff: { routing: { type: "staff", staffId: "r-cat" }, expectedResponse: "by tomorrow" },
    });
    await connectInbox("r-ann", "route-one");
    expect(await handOffOnce("route-one")).toBeNull();
    await connectInbox("r-cat", "route-one");
    expect(await handOffOnce("route-one")).toBe("r-cat");
  });

  it("round robin among everyone available; with nobody connected the visitor is told when to expect an answer", async () => {
    await lifecycleAgent("route-all", {
      handoff: { routing: { type: "round_robin" }, expectedResponse: "within 4 hours" },
    });
    expect(await handOffOnce("route-all")).toBeNull();
    const [row] = await database(env).select().from(handoffs).where(eq(handoffs.agentId, "route-all")).all();
    expect(row).toMatchObject({ fallback: true, routedStaffId: null });
    await connectInbox("r-dan", "route-all");
    expect(await handOffOnce("route-all")).toBeNull(); // connected but unavailable
    await connectInbox("r-ben", "route-all");
    expect(await handOffOnce("route-all")).toBe("r-ben");
  });

  it("brings a person in with the personality's line, unless the admin wrote their own", async () => {
    await connectInbox("r-cat");
    for (const [id, messages, expected] of [
      ["route-witty", {}, VOICES.witty.handoff],
      ["route-witty-own", { handingOff: "A colleague is on the way." }, "A colleague is on the way."],
    ] as const) {
      const settings = { handoff: { routing: { type: "staff", staffId: "r-cat" }, messages } };
      expect(
        (
          await adminFetch(`/agents/${id}`, {
            method: "PUT",
            json: { name: "Wit", personality: "witty", greeting: "Hi", settings },
          })
        ).status,
      ).toBe(201);
      const { conversationId, visitorToken } = await startConversation(id, undefined, false);
      const socket = await ChatSocket.open(conversationId, visitorToken);
      socket.send({ type: "message", id: "m1", text: "I want to talk to a human" });
      const events = await socket.waitFor(hasSystem("handoff"));
      expect(events.find((e) => e.type === "system_message" && e.kind === "handoff")).toMatchObject({ text: expected });
      socket.close();
    }
  });

  it("refuses to save routing to a team or staff member that does not exist, naming the field", async () => {
    const save = (routing: unknown) =>
      adminFetch("/agents/route-typo", {
        method: "PUT",
        json: { name: "Typo", personality: "friendly", greeting: "Hi", settings: { handoff: { routing } } },
      });
    for (const [routing, field] of [
      [{ type: "team", teamId: "t-biling" }, "settings.handoff.routing.teamId"],
      [{ type: "staff", staffId: "r-kat" }, "settings.handoff.routing.staffId"],
    ] as const) {
      const response = await save(routing);
      expect(response.status, JSON.stringify(routing)).toBe(400);
      const { error } = (await response.json()) as { error: { code: string; details: Record<string, string> } };
      expect(error.code).toBe("invalid_body");
      expect(Object.keys(error.details)).toEqual([field]);
    }
    expect((await adminFetch("/agents/route-typo")).status).toBe(404); // nothing was saved
    expect((await save({ type: "team", teamId: "t-billing" })).status).toBe(201);
    expect((await save({ type: "staff", staffId: "r-cat" })).status).toBe(200);
  });
});
