/**
 * The inbox against attacks from other pages and stolen or stale credentials (issue 13, finding 9):
 * sockets only from the inbox's own origin, the page never framed, sign-in throttled per email and
 * per IP, a new password ends other sessions, and a conversation socket stops taking replies once
 * its staff session has ended or the account is gone.
 */
import { describe, expect, it } from "vitest";
import type { ServerEvent } from "../../worker/protocol/events";
import { parseServerEvent } from "../../worker/protocol/parse";
import { adminFetch, TEST_ORIGIN } from "./helpers/seed";
import { ChatSocket, startConversation, workerFetch } from "./support/chat-client";
import { inboxFetch, sessionCookie, signedInStaff, type SignedIn } from "./support/inbox-client";
import { hasSystem, lifecycleAgent, loggedEvents } from "./support/lifecycle";

const WAIT_LIMIT_MS = 10_000;
const PASSWORD = "correct horse battery";
const SOME_CONVERSATION = `c_${"A".repeat(22)}`;

/** A conversation socket through the inbox route; collects the server's events. */
async function staffChat(conversationId: string, session: SignedIn) {
  const response = await inboxFetch(`/conversations/${conversationId}/socket`, {
    cookie: session.cookie,
    headers: { upgrade: "websocket", origin: TEST_ORIGIN },
  });
  expect(response.status).toBe(101);
  const ws = response.webSocket!;
  ws.accept();
  const received: ServerEvent[] = [];
  const listeners = new Set<() => void>();
  ws.addEventListener("message", (message) => {
    const parsed = parseServerEvent(message.data as string);
    if (parsed.ok) received.push(parsed.value);
    for (const listener of [...listeners]) listener();
  });
  const waitFor = (done: (all: ServerEvent[]) => boolean) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(JSON.stringify(received).slice(0, 1500))), WAIT_LIMIT_MS);
      const check = () => {
        if (!done(received)) return;
        clearTimeout(timer);
        listeners.delete(check);
        resolve();
      };
      listeners.add(check);
      check();
    });
  ws.send(JSON.stringify({ type: "hello", lastSeq: 0 }));
  await waitFor((all) => all.some((e) => e.type === "ready"));
  return { ws, waitFor, send: (frame: unknown) => ws.send(JSON.stringify(frame)) };
}

/** A conversation handed to a person and claimed by `session`, with their socket open on it. */
async function claimedConversation(agentId: string, session: SignedIn) {
  await lifecycleAgent(agentId, {});
  // Available and connected to the inbox, so the handoff has someone to go to.
  await inboxFetch("/me", { method: "PUT", cookie: session.cookie, json: { available: true } });
  const inbox = await inboxFetch(`/socket?agent=${agentId}`, {
    cookie: session.cookie,
    headers: { upgrade: "websocket", origin: TEST_ORIGIN },
  });
  inbox.webSocket?.accept();
  const { conversationId, visitorToken } = await startConversation(agentId, undefined, false);
  const visitor = await ChatSocket.open(conversationId, visitorToken);
  visitor.send({ type: "message", id: "m1", text: "Can I speak to someone from your team?" });
  await visitor.waitFor(hasSystem("handoff"));
  const chat = await staffChat(conversationId, session);
  const claimed = await inboxFetch(`/conversations/${conversationId}/claim`, {
    method: "POST",
    cookie: session.cookie,
  });
  expect(claimed.status).toBe(200);
  chat.send({ type: "message", id: "r1", text: "Hello from the team" });
  await chat.waitFor((all) => all.some((e) => e.type === "ack" && e.id === "r1"));
  return { conversationId, visitor, chat, inbox: inbox.webSocket };
}

const login = (email: string, password: string, ip?: string) =>
  inboxFetch("/login", {
    method: "POST",
    json: { email, password },
    ...(ip ? { headers: { "cf-connecting-ip": ip } } : {}),
  });

describe("inbox security", () => {
  it("opens inbox sockets only for the inbox's own origin", async () => {
    const { cookie } = await signedInStaff("origin@team.example", "Origin");
    await lifecycleAgent("origin-agent", {});
    for (const path of ["/socket?agent=origin-agent", `/conversations/${SOME_CONVERSATION}/socket`]) {
      for (const origin of [undefined, "https://evil.example", "http://frontdesk.test.evil.example"]) {
        const response = await inboxFetch(path, {
          cookie,
          headers: { upgrade: "websocket", ...(origin ? { origin } : {}) },
        });
        expect(response.status, `${path} from ${origin}`).toBe(403);
        expect(await response.json()).toMatchObject({ error: { code: "forbidden_origin" } });
      }
    }
    const own = await inboxFetch("/socket?agent=origin-agent", {
      cookie,
      headers: { upgrade: "websocket", origin: TEST_ORIGIN },
    });
    expect(own.status).toBe(101);
    own.webSocket?.accept();
    own.webSocket?.close(1000, "done");
  });

  it("serves the inbox page with a frame-ancestors 'none' header", async () => {
    for (const path of ["/inbox/", "/inbox"]) {
      const page = await workerFetch(path);
      expect(page.status, path).toBe(200);
      expect(page.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
      expect(page.headers.get("x-frame-options")).toBe("DENY");
      expect(await page.text()).toContain("/inbox/inbox.js");
    }
  });

  it("refuses sign-in after 5 failed attempts for one email, even with the right password", async () => {
    await signedInStaff("guessed@team.example", "Guessed", PASSWORD);
    for (let attempt = 0; attempt < 5; attempt++) {
      expect((await login("guessed@team.example", `wrong guess ${attempt}`)).status).toBe(401);
    }
    const refused = await login("Guessed@team.example", PASSWORD);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await refused.json()).toMatchObject({ error: { code: "rate_limited" } });
    // Other accounts are untouched.
    await signedInStaff("other@team.example", "Other", PASSWORD);
    expect((await login("other@team.example", PASSWORD)).status).toBe(200);
  });

  it("refuses sign-in from an IP after 20 failed attempts, whatever the email", async () => {
    await signedInStaff("sprayed@team.example", "Sprayed", PASSWORD);
    const ip = "203.0.113.9";
    for (let attempt = 0; attempt < 20; attempt++) {
      expect((await login(`nobody${attempt}@team.example`, "a guess", ip)).status).toBe(401);
    }
    const refused = await login("sprayed@team.example", PASSWORD, ip);
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).not.toBeNull();
    expect((await login("sprayed@team.example", PASSWORD, "203.0.113.10")).status).toBe(200);
  });

  it("ends existing sessions when a new password is set through a new invitation link", async () => {
    const { cookie: old, staff } = await signedInStaff("reset@team.example", "Reset", PASSWORD);
    const loggedIn = sessionCookie(await login("reset@team.example", PASSWORD));
    const link = await adminFetch(`/staff/${staff.id}/invitation`, { method: "POST" });
    const token = new URL(((await link.json()) as { invitationUrl: string }).invitationUrl).hash.replace(
      /^#invite=/,
      "",
    );
    const accepted = await inboxFetch("/invitations/accept", {
      method: "POST",
      json: { token, password: "a brand new password" },
    });
    expect(accepted.status).toBe(200);
    expect((await inboxFetch("/me", { cookie: old })).status).toBe(401);
    expect((await inboxFetch("/me", { cookie: loggedIn })).status).toBe(401);
    expect((await inboxFetch("/me", { cookie: sessionCookie(accepted) })).status).toBe(200);
    expect((await login("reset@team.example", PASSWORD)).status).toBe(401);
  });

  it("refuses replies on a held socket once the staff member signed out", async () => {
    const session = await signedInStaff("leaver@team.example", "Leaver");
    const { conversationId, visitor, chat, inbox } = await claimedConversation("sec-logout", session);
    expect((await inboxFetch("/logout", { method: "POST", cookie: session.cookie })).status).toBe(200);
    chat.send({ type: "message", id: "r2", text: "Still here after signing out" });
    await chat.waitFor((all) => all.some((e) => e.type === "error" && e.code === "session_ended"));
    const log = await loggedEvents(conversationId);
    expect(log.some((e) => e.type === "staff_message" && e.text === "Hello from the team")).toBe(true);
    expect(log.some((e) => e.type === "staff_message" && e.id === "r2")).toBe(false);
    chat.ws.close(1000, "done");
    inbox?.close(1000, "done");
    visitor.close();
  });

  it("refuses replies on a held socket once the staff account is deleted", async () => {
    const session = await signedInStaff("deleted@team.example", "Deleted");
    const { conversationId, visitor, chat, inbox } = await claimedConversation("sec-deleted", session);
    expect((await adminFetch(`/staff/${session.staff.id}`, { method: "DELETE" })).status).toBe(204);
    chat.send({ type: "message", id: "r2", text: "Still here after being deleted" });
    await chat.waitFor((all) => all.some((e) => e.type === "error" && e.code === "session_ended"));
    expect((await loggedEvents(conversationId)).some((e) => e.type === "staff_message" && e.id === "r2")).toBe(false);
    chat.ws.close(1000, "done");
    inbox?.close(1000, "done");
    visitor.close();
  });
});
