/**
 * The staff inbox's HTTP and WebSocket API under /v1/inbox: sign in (password or invitation),
 * who am I and availability, the conversation lists, the agents and the live list socket on each
 * one's hub shard, and — for one conversation — its socket (role staff) and the claim / hand back /
 * close actions.
 */
import { and, eq, ne } from "drizzle-orm";
import { Hono, type Context } from "hono";
import { z } from "zod";
import { countFailedLogin, refuseThrottledLogin } from "../abuse/login-attempts";
import type { StaffActionResult } from "../handoff/handoff";
import { ROLE_HEADER, STAFF_ID_HEADER, STAFF_NAME_HEADER, STAFF_SESSION_HEADER } from "../protocol/internal-headers";
import { database } from "../db/client";
import { agents, conversations } from "../db/schema";
import { ApiError, notFound } from "../lib/errors";
import { AGENT_ID } from "../lib/params";
import { tokenHash } from "../lib/tokens";
import { readJson } from "../lib/validate";
import { publicStaff, updateStaff } from "../staff/accounts";
import { MAX_PASSWORD_CHARS, MIN_PASSWORD_CHARS } from "../staff/password";
import { acceptInvitation, changePassword, checkPassword, createSession, endSession } from "../staff/sessions";
import {
  clearSessionCookie,
  refuseForeignOrigin,
  requireOwnOrigin,
  sessionToken,
  setSessionCookie,
  staffSession,
  type InboxEnv,
} from "../inbox/auth";
import { inboxAgents, inboxShard } from "../inbox/hub";
import { disconnectStaff } from "../inbox/presence";
import { conversationSummaries } from "../inbox/summaries";
import { forgetUnwatched } from "../inbox/unwatched";

const CONVERSATION_ID = /^c_[A-Za-z0-9_-]{22}$/;
const LIST_LIMIT = 200; // the newest conversations; older ones are for search and analytics

const loginBody = z.strictObject({ email: z.string().max(254), password: z.string().max(MAX_PASSWORD_CHARS) });
const acceptBody = z.strictObject({
  token: z.string().max(100),
  password: z.string().min(MIN_PASSWORD_CHARS).max(MAX_PASSWORD_CHARS),
  name: z.string().trim().min(1).max(80).optional(),
});
const meBody = z.strictObject({ available: z.boolean() });
const passwordBody = z.strictObject({
  currentPassword: z.string().max(MAX_PASSWORD_CHARS),
  newPassword: z.string().min(MIN_PASSWORD_CHARS).max(MAX_PASSWORD_CHARS),
});
const listQuery = z.enum(["waiting", "mine", "all"]);
const agentQuery = z.string().regex(AGENT_ID);

function conversationStub(c: Context<InboxEnv>) {
  const id = c.req.param("cid") ?? "";
  if (!CONVERSATION_ID.test(id)) throw notFound("Conversation");
  return c.env.CONVERSATIONS.get(c.env.CONVERSATIONS.idFromName(id));
}

function actionResponse(c: Context<InboxEnv>, result: StaffActionResult): Response {
  if (result.ok) return c.json({ ok: true });
  throw new ApiError(result.code === "not_assignee" ? 403 : 409, result.code, result.message);
}

async function requireConversation(c: Context<InboxEnv>): Promise<void> {
  const row = await database(c.env)
    .select({ id: conversations.id })
    .from(conversations)
    .where(eq(conversations.id, c.req.param("cid") ?? ""))
    .get();
  if (!row) throw notFound("Conversation");
}

const signedIn = new Hono<InboxEnv>()
  .use("*", staffSession)
  .post("/logout", async (c) => {
    await endSession(database(c.env), sessionToken(c));
    clearSessionCookie(c);
    return c.json({ ok: true });
  })
  .get("/me", (c) => c.json(publicStaff(c.get("staff"))))
  /** A new password ends every session of the account (inbox and console), then signs this one in again. */
  .put("/password", async (c) => {
    const account = c.get("staff");
    const body = await readJson(c, passwordBody);
    const ip = c.req.header("cf-connecting-ip") ?? null;
    await refuseThrottledLogin(c.env, account.email, ip);
    if (!(await changePassword(database(c.env), account, body.currentPassword, body.newPassword))) {
      await countFailedLogin(c.env, account.email, ip);
      throw new ApiError(401, "invalid_credentials", "The current password is not right");
    }
    await disconnectStaff(c.env, account.id);
    setSessionCookie(c, (await createSession(database(c.env), account.id)).token);
    return c.json({ ok: true });
  })
  .put("/me", async (c) => {
    const row = await updateStaff(database(c.env), c.get("staff").id, await readJson(c, meBody));
    if (!row) throw new ApiError(401, "unauthorized", "Sign in to the inbox first");
    return c.json(publicStaff(row));
  })
  .get("/conversations", async (c) => {
    const view = listQuery.safeParse(c.req.query("view") ?? "waiting");
    if (!view.success)
      throw new ApiError(400, "invalid_query", "view must be waiting, mine or all", {
        view: "One of waiting, mine, all",
      });
    const where =
      view.data === "waiting"
        ? eq(conversations.status, "waiting_for_human")
        : view.data === "mine"
          ? and(eq(conversations.assignedStaffId, c.get("staff").id), ne(conversations.status, "closed"))
          : undefined;
    return c.json({ items: await conversationSummaries(database(c.env), where, LIST_LIMIT) });
  })
  /** The agents whose conversations the inbox lists: it keeps one live socket per agent. */
  .get("/agents", async (c) => c.json({ items: await inboxAgents(database(c.env)) }))
  /** The live list of one agent's conversations (its hub shard): `?agent=<id>`. */
  .get("/socket", async (c) => {
    if (c.req.header("upgrade")?.toLowerCase() !== "websocket")
      throw new ApiError(426, "upgrade_required", "This route only accepts WebSocket upgrades");
    requireOwnOrigin(c);
    const agentId = agentQuery.safeParse(c.req.query("agent"));
    if (!agentId.success)
      throw new ApiError(400, "invalid_query", "agent must be an agent's id", { agent: "An agent id from /agents" });
    const agent = await database(c.env).select({ id: agents.id }).from(agents).where(eq(agents.id, agentId.data)).get();
    if (!agent) throw notFound("Agent");
    const headers = new Headers(c.req.raw.headers);
    headers.set(STAFF_ID_HEADER, c.get("staff").id);
    forgetUnwatched(agent.id); // this isolate's conversations tell the new inbox at once
    return inboxShard(c.env, agent.id).fetch(c.req.url, { headers });
  })
  .get("/conversations/:cid/socket", async (c) => {
    if (c.req.header("upgrade")?.toLowerCase() !== "websocket")
      throw new ApiError(426, "upgrade_required", "This route only accepts WebSocket upgrades");
    requireOwnOrigin(c);
    const stub = conversationStub(c);
    await requireConversation(c);
    const staff = c.get("staff");
    const headers = new Headers(c.req.raw.headers);
    headers.set(ROLE_HEADER, "staff");
    headers.set(STAFF_ID_HEADER, staff.id);
    headers.set(STAFF_NAME_HEADER, encodeURIComponent(staff.name));
    headers.set(STAFF_SESSION_HEADER, await tokenHash(sessionToken(c) ?? ""));
    return stub.fetch(c.req.url, { headers });
  })
  .post("/conversations/:cid/claim", async (c) => {
    const stub = conversationStub(c);
    await requireConversation(c);
    const staff = c.get("staff");
    return actionResponse(c, await stub.claim({ id: staff.id, name: staff.name }));
  })
  .post("/conversations/:cid/hand-back", async (c) => {
    const stub = conversationStub(c);
    await requireConversation(c);
    return actionResponse(c, await stub.handBack(c.get("staff").id));
  })
  .post("/conversations/:cid/close", async (c) => {
    const stub = conversationStub(c);
    await requireConversation(c);
    return actionResponse(c, await stub.closeByStaff(c.get("staff").id));
  });

export const inboxRoutes = new Hono<InboxEnv>()
  .post("/login", async (c) => {
    refuseForeignOrigin(c);
    const body = await readJson(c, loginBody);
    const ip = c.req.header("cf-connecting-ip") ?? null;
    await refuseThrottledLogin(c.env, body.email, ip);
    const staff = await checkPassword(database(c.env), body.email, body.password);
    if (!staff) {
      await countFailedLogin(c.env, body.email, ip);
      throw new ApiError(401, "invalid_credentials", "The email or password is not right");
    }
    setSessionCookie(c, (await createSession(database(c.env), staff.id)).token);
    return c.json({ staff: publicStaff(staff) });
  })
  .post("/invitations/accept", async (c) => {
    refuseForeignOrigin(c);
    const body = await readJson(c, acceptBody);
    const result = await acceptInvitation(database(c.env), body.token, body.password, body.name);
    if (!result.ok) {
      if (result.reason === "invalid")
        throw new ApiError(400, "invalid_invitation", "This invitation link is not valid");
      throw new ApiError(
        410,
        `invitation_${result.reason}`,
        result.reason === "used"
          ? "This invitation was used already; sign in instead"
          : "This invitation has expired; ask for a new one",
      );
    }
    // Setting a password ended the account's other sessions (in D1); their open inbox sockets close too.
    await disconnectStaff(c.env, result.staff.id);
    setSessionCookie(c, (await createSession(database(c.env), result.staff.id)).token);
    return c.json({ staff: publicStaff(result.staff) });
  })
  .route("/", signedIn);
