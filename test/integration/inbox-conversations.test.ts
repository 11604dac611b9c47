/**
 * The inbox end to end inside workerd: a handoff shows up live on a staff member's inbox socket
 * and in the lists; they open the conversation's socket, claim it, reply; another staff member
 * cannot reply, hand back or close it; the visitor sees the person live. The list names each
 * conversation's channel and the visitor's address on it.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { deploymentById } from "../../worker/channels/deployments/store";
import { takeInbound } from "../../worker/channels/inbound";
import { rememberVerifiedVisitor } from "../../worker/crm/verified-visitors";
import { captureEmail } from "../../worker/lifecycle/email-capture";
import type { ServerEvent } from "../../worker/protocol/events";
import { parseServerEvent } from "../../worker/protocol/parse";
import { adminFetch } from "./helpers/seed";
import { ChatSocket, startConversation } from "./support/chat-client";
import { inboxFetch, signedInStaff, type SignedIn } from "./support/inbox-client";
import { hasSystem, lifecycleAgent, statuses } from "./support/lifecycle";

const WAIT_LIMIT_MS = 10_000;
const INBOX_ORIGIN = "http://frontdesk.test"; // the Worker's own origin in tests, which inbox sockets require

/** A socket through the Worker's inbox routes, with the session cookie; collects raw JSON messages. */
async function openSocket(path: string, session: SignedIn) {
  const response = await inboxFetch(path, {
    cookie: session.cookie,
    headers: { upgrade: "websocket", origin: INBOX_ORIGIN },
  });
  expect(response.status).toBe(101);
  const ws = response.webSocket!;
  ws.accept();
  const messages: unknown[] = [];
  const listeners = new Set<() => void>();
  ws.addEventListener("message", (event) => {
    messages.push(JSON.parse(event.data as string));
    for (const listener of [...listeners]) listener();
  });
  const waitFor = (done: (all: unknown[]) => boolean) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`condition not met: ${JSON.stringify(messages).slice(0, 1500)}`)),
        WAIT_LIMIT_MS,
      );
      const check = () => {
        if (!done(messages)) return;
        clearTimeout(timer);
        listeners.delete(check);
        resolve();
      };
      listeners.add(check);
      check();
    });
  return { ws, messages, waitFor, send: (frame: unknown) => ws.send(JSON.stringify(frame)) };
}

const events = (messages: unknown[]): ServerEvent[] =>
  messages.flatMap((m) => {
    const parsed = parseServerEvent(JSON.stringify(m));
    return parsed.ok ? [parsed.value] : [];
  });

describe("the inbox", () => {
  it("lists a handoff live, and lets the claiming person reply while others cannot", async () => {
    await lifecycleAgent("inbox-flow", {});
    const ivy = await signedInStaff("ivy@team.example", "Ivy");
    const jon = await signedInStaff("jon@team.example", "Jon");
    await inboxFetch("/me", { method: "PUT", cookie: ivy.cookie, json: { available: true } });
    const ivyInbox = await openSocket("/socket?agent=inbox-flow", ivy);
    const jonInbox = await openSocket("/socket?agent=inbox-flow", jon); // connected but not available: never routed to

    const { conversationId, visitorToken } = await startConversation("inbox-flow", undefined, false);
    const visitor = await ChatSocket.open(conversationId, visitorToken);
    visitor.send({ type: "message", id: "m1", text: "Can I speak to someone from your team?" });
    await visitor.waitFor(hasSystem("handoff"));
    await ivyInbox.waitFor((all) =>
      all.some(
        (m) =>
          (m as { conversation?: { id: string; status: string } }).conversation?.id === conversationId &&
          (m as { conversation: { status: string } }).conversation.status === "waiting_for_human",
      ),
    );
    await jonInbox.waitFor((all) =>
      all.some((m) => (m as { conversation?: { id: string } }).conversation?.id === conversationId),
    );

    const waiting = (await (await inboxFetch("/conversations?view=waiting", { cookie: jon.cookie })).json()) as {
      items: { id: string; assignedStaffName: string | null }[];
    };
    expect(waiting.items.find((c) => c.id === conversationId)?.assignedStaffName).toBe("Ivy"); // routed to the available member
    const mine = (await (await inboxFetch("/conversations?view=mine", { cookie: ivy.cookie })).json()) as {
      items: { id: string }[];
    };
    expect(mine.items.map((c) => c.id)).toContain(conversationId);
    expect((await inboxFetch("/conversations?view=everything", { cookie: ivy.cookie })).status).toBe(400);

    const ivyChat = await openSocket(`/conversations/${conversationId}/socket`, ivy);
    ivyChat.send({ type: "hello", lastSeq: 0 });
    await ivyChat.waitFor((all) => all.some((m) => (m as { type: string }).type === "ready"));
    expect(
      events(ivyChat.messages).some((e) => e.type === "visitor_message" && e.text.includes("speak to someone")),
    ).toBe(true);

    expect(
      (await inboxFetch(`/conversations/${conversationId}/claim`, { method: "POST", cookie: ivy.cookie })).status,
    ).toBe(200);
    const taken = await inboxFetch(`/conversations/${conversationId}/claim`, { method: "POST", cookie: jon.cookie });
    expect(taken.status).toBe(409);
    expect(await taken.json()).toMatchObject({ error: { code: "already_claimed" } });
    await visitor.waitFor(hasSystem("staff_joined"));
    expect(statuses(visitor.events).at(-1)).toMatchObject({
      status: "human",
      poweredByAi: false,
      staff: { name: "Ivy" },
    });

    ivyChat.send({ type: "message", id: "r1", text: "Hi, this is Ivy." });
    await visitor.waitFor((all) => all.some((e) => e.type === "staff_message" && e.text === "Hi, this is Ivy."));

    const jonChat = await openSocket(`/conversations/${conversationId}/socket`, jon);
    jonChat.send({ type: "hello", lastSeq: 0 });
    await jonChat.waitFor((all) => all.some((m) => (m as { type: string }).type === "ready"));
    jonChat.send({ type: "message", id: "j1", text: "Jon butting in" });
    await jonChat.waitFor((all) => all.some((m) => (m as { code?: string }).code === "not_assignee"));
    expect(
      (await inboxFetch(`/conversations/${conversationId}/hand-back`, { method: "POST", cookie: jon.cookie })).status,
    ).toBe(403);
    expect(
      (await inboxFetch(`/conversations/${conversationId}/close`, { method: "POST", cookie: jon.cookie })).status,
    ).toBe(403);
    expect(visitor.events.some((e) => e.type === "staff_message" && e.text === "Jon butting in")).toBe(false);

    expect(
      (await inboxFetch(`/conversations/${conversationId}/close`, { method: "POST", cookie: ivy.cookie })).status,
    ).toBe(200);
    await visitor.waitFor((all) => statuses(all).some((s) => s.status === "closed"));
    for (const socket of [ivyInbox, jonInbox, ivyChat, jonChat]) socket.ws.close(1000, "done");
    visitor.close();
  });

  it("lists the agents, and sends each agent's updates only to that agent's live list", async () => {
    await lifecycleAgent("inbox-shard-a", {});
    await lifecycleAgent("inbox-shard-b", {});
    const uma = await signedInStaff("uma@team.example", "Uma");
    const agents = (await (await inboxFetch("/agents", { cookie: uma.cookie })).json()) as { items: { id: string }[] };
    expect(agents.items.map((a) => a.id)).toEqual(expect.arrayContaining(["inbox-shard-a", "inbox-shard-b"]));
    const onA = await openSocket("/socket?agent=inbox-shard-a", uma);
    const onB = await openSocket("/socket?agent=inbox-shard-b", uma);

    const { conversationId, visitorToken } = await startConversation("inbox-shard-b", undefined, false);
    const visitor = await ChatSocket.open(conversationId, visitorToken);
    visitor.send({ type: "message", id: "m1", text: "Can I speak to someone from your team?" });
    await visitor.waitFor((all) => hasSystem("handoff")(all) || hasSystem("no_staff")(all));
    const about = (all: unknown[]) =>
      all.filter((m) => (m as { conversation?: { id: string } }).conversation?.id === conversationId);
    await onB.waitFor((all) => about(all).length > 0);
    // Shard A heard nothing of B's conversation, though both sockets are the same person's.
    expect(about(onA.messages)).toEqual([]);
    for (const socket of [onA, onB]) socket.ws.close(1000, "done");
    visitor.close();

    const socket = (agent: string) =>
      inboxFetch(`/socket${agent}`, { cookie: uma.cookie, headers: { upgrade: "websocket", origin: INBOX_ORIGIN } });
    expect((await socket("")).status).toBe(400);
    expect((await socket("?agent=Not%20An%20Id")).status).toBe(400);
    expect((await socket("?agent=no-such-agent")).status).toBe(404);
  });

  it("refuses unauthenticated sockets and unknown conversations", async () => {
    const kim = await signedInStaff("kim@team.example", "Kim");
    expect((await inboxFetch("/socket", { headers: { upgrade: "websocket" } })).status).toBe(401);
    expect((await inboxFetch("/socket", { cookie: "fd_staff=forged", headers: { upgrade: "websocket" } })).status).toBe(
      401,
    );
    expect(
      (await inboxFetch(`/conversations/c_${"A".repeat(22)}/claim`, { method: "POST", cookie: kim.cookie })).status,
    ).toBe(404);
    expect((await inboxFetch("/conversations/not-an-id/claim", { method: "POST", cookie: kim.cookie })).status).toBe(
      404,
    );
    expect((await inboxFetch(`/conversations/c_${"A".repeat(22)}/claim`, { method: "POST" })).status).toBe(401);
  });

  it("marks a contact's email unverified unless the visitor proved it is theirs", async () => {
    await lifecycleAgent("inbox-unverified", {});
    const sam = await signedInStaff("sam@team.example", "Sam");
    const typed = await startConversation("inbox-unverified", undefined, false);
    const proven = await startConversation("inbox-unverified", undefined, false);
    const contactId = await captureEmail(env, {
      email: "claimed@example.com",
      visitorId: typed.visitorId,
      conversationId: typed.conversationId,
    });
    await rememberVerifiedVisitor(env, {
      visitorId: proven.visitorId,
      agentId: "inbox-unverified",
      contactId,
      conversationId: proven.conversationId,
    });
    const all = (await (await inboxFetch("/conversations?view=all", { cookie: sam.cookie })).json()) as {
      items: { id: string; contactEmail: string | null; emailVerified: boolean }[];
    };
    const row = (id: string) => all.items.find((c) => c.id === id);
    expect(row(typed.conversationId)).toMatchObject({ contactEmail: "claimed@example.com", emailVerified: false });
    expect(row(proven.conversationId)).toMatchObject({ contactEmail: "claimed@example.com", emailVerified: true });
  });

  it("lists each conversation's channel and the visitor's address on it", async () => {
    await lifecycleAgent("inbox-channels", {});
    const sam = await signedInStaff("sam.channels@team.example", "Sam");
    const deployed = await adminFetch("/agents/inbox-channels/channels", {
      method: "POST",
      json: { channel: "email", address: "help@inbox-channels.example" },
    });
    expect(deployed.status, await deployed.clone().text()).toBe(201);
    const deployment = await deploymentById(env, ((await deployed.json()) as { id: string }).id);
    if (!deployment) throw new Error("the deployment was not stored");
    const byEmail = await takeInbound(env, {
      deployment,
      address: "ann@example.com",
      message: { clientId: "<m1@example.com>", text: "How long does shipping take?" },
    });
    const chat = await startConversation("inbox-channels", undefined, false);

    const all = (await (await inboxFetch("/conversations?view=all", { cookie: sam.cookie })).json()) as {
      items: { id: string; channel: string; channelAddress: string | null }[];
    };
    const row = (id: string) => all.items.find((c) => c.id === id);
    expect(row(byEmail.conversationId)).toMatchObject({ channel: "email", channelAddress: "ann@example.com" });
    expect(row(chat.conversationId)).toMatchObject({ channel: "live_chat", channelAddress: null });
  });
});
