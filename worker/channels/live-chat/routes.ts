/**
 * Visitor-facing routes of the chat widget: the public widget config, starting or resuming a
 * conversation (which issues or renews the visitor token, and applies a host-site identity when
 * the page passed one), and the conversation's WebSocket, opened with a short-lived socket ticket
 * that the visitor token buys (so the long-lived token never travels in a URL).
 */
import { and, desc, eq, ne } from "drizzle-orm";
import { Hono, type Context } from "hono";
import { z } from "zod";
import type { AppEnv } from "../../lib/app-env";
import { ROLE_HEADER, SOCKET_TICKET_HEADER, VISITOR_HEADER } from "../../protocol/internal-headers";
import { database } from "../../db/client";
import { conversations } from "../../db/schema";
import { randomId } from "../../lib/crypto";
import { ApiError, notFound } from "../../lib/errors";
import { languageTagSchema } from "../../behaviour/language";
import { applyHostIdentity, hostIdentitySchema, vouchedEmail } from "../../crm/host-identity";
import { forgetVerifiedVisitor } from "../../crm/verified-visitors";
import { contacts } from "../../db/crm-schema";
import { readJson } from "../../lib/validate";
import { agentAvailability } from "../../handoff/availability";
import { LIVE_CHAT } from "../../protocol/channels";
import { countConversationStart } from "../../abuse/conversation-starts";
import { allowedOrigins, hostAllowed, originAllowed, originNotAllowed, originSchema } from "./embed-policy";
import { cachedWidgetConfig, widgetConfig } from "./widget-config";
import { issueVisitorToken, newVisitorId, tokenSecret, verifyVisitorToken } from "../../lib/visitor-token";
import { issueSocketTicket, verifySocketTicket } from "../../lib/socket-ticket";
import { chatAgent, conversationOwner } from "./connect-reads";

const CONVERSATION_ID = /^c_[A-Za-z0-9_-]{22}$/;

const startBody = z.strictObject({
  resume: z.boolean().default(true),
  /** The browser's language (navigator.language): the reply language until a message says otherwise. */
  language: languageTagSchema.optional(),
  /** The host site's signed identity of its signed-in user; only a valid signature counts. */
  identity: hostIdentitySchema.optional(),
  /** The origin of the page the panel was opened on; must be an allowed site when the agent lists them. */
  host: originSchema.optional(),
});

/** Where links sent by email should point: PUBLIC_URL when set, else the origin the visitor reached. */
function publicOrigin(env: Pick<Env, "PUBLIC_URL">, requestUrl: string): string {
  return new URL(env.PUBLIC_URL || requestUrl).origin;
}

/** The agent, which must exist and be published: an unpublished one has no widget and takes no new conversations. */
async function requireLiveAgent(env: Env, agentId: string) {
  const agent = await chatAgent(env, agentId);
  if (!agent) throw notFound("Agent");
  if (agent.unpublishedAt !== null) throw new ApiError(404, "agent_unpublished", "This agent is not published");
  return agent;
}

/** The conversation exists, is this visitor's, and the request comes from a site its agent allows; throws otherwise. */
async function requireOwnConversation(c: Context<AppEnv>, conversationId: string, visitorId: string): Promise<void> {
  if (!CONVERSATION_ID.test(conversationId)) throw notFound("Conversation");
  const owner = await conversationOwner(c.env, conversationId);
  if (!owner) throw notFound("Conversation");
  if (owner.visitorId !== visitorId)
    throw new ApiError(403, "forbidden", "This conversation belongs to another visitor");
  const agent = await chatAgent(c.env, owner.agentId);
  if (agent && !originAllowed(allowedOrigins(agent), c.req.header("origin"), new URL(c.req.url).origin))
    throw originNotAllowed();
}

function bearer(c: Context<AppEnv>): string | null {
  const header = c.req.header("authorization");
  return header?.startsWith("Bearer ") ? header.slice("Bearer ".length) : null;
}

export const chatRoutes = new Hono<AppEnv>()
  .get("/agents/:agentId/widget-config", (c) => {
    const agentId = c.req.param("agentId");
    return cachedWidgetConfig(c, agentId, async () => {
      const agent = await requireLiveAgent(c.env, agentId);
      const { assigned } = await agentAvailability(c.env, agent, LIVE_CHAT, Date.now());
      return {
        config: widgetConfig(agent, assigned, new URL(c.req.url).origin),
        allowedOrigins: allowedOrigins(agent),
      };
    });
  })

  .post("/agents/:agentId/conversations", async (c) => {
    const db = database(c.env);
    const agent = await requireLiveAgent(c.env, c.req.param("agentId"));
    const { resume, language, identity, host } = await readJson(c, startBody);
    const allowed = allowedOrigins(agent);
    const ownOrigin = new URL(c.req.url).origin;
    if (!originAllowed(allowed, c.req.header("origin"), ownOrigin) || !hostAllowed(allowed, host))
      throw originNotAllowed();
    const secret = tokenSecret(c.env);
    const visitorId = (await verifyVisitorToken(secret, bearer(c))) ?? newVisitorId();
    const token = await issueVisitorToken(secret, visitorId);

    const email = identity ? await vouchedEmail(c.env, agent, identity) : null;
    // The page vouches for a user it could not prove: whoever this browser proved to be before no longer counts.
    if (identity && !email) await forgetVerifiedVisitor(c.env, visitorId, agent.id);

    if (resume) {
      const open = await db
        .select({ id: conversations.id, contactEmail: contacts.email })
        .from(conversations)
        .leftJoin(contacts, eq(contacts.id, conversations.contactId))
        .where(
          and(
            eq(conversations.agentId, agent.id),
            eq(conversations.visitorId, visitorId),
            ne(conversations.status, "closed"),
          ),
        )
        .orderBy(desc(conversations.createdAt))
        .limit(1)
        .get();
      // Another signed-in user on this browser (or one the page could not prove) never resumes, and so never
      // sees, a conversation linked to someone else.
      const someoneElses = open?.contactEmail && identity && open.contactEmail !== email?.toLowerCase();
      if (open && !someoneElses) {
        if (email) await applyHostIdentity(c.env, { agent, conversationId: open.id, visitorId, email });
        return c.json({
          conversationId: open.id,
          visitorId,
          visitorToken: token.token,
          expiresAt: token.expiresAt,
          resumed: true,
        });
      }
    }

    await countConversationStart(c.env, agent, c.req.header("cf-connecting-ip") ?? null);
    const conversationId = randomId("c");
    const stub = c.env.CONVERSATIONS.get(c.env.CONVERSATIONS.idFromName(conversationId));
    const origin = publicOrigin(c.env, c.req.url);
    await stub.start({
      conversationId,
      agentId: agent.id,
      visitorId,
      channel: LIVE_CHAT,
      origin,
      ...(language ? { language } : {}),
    });
    if (email) await applyHostIdentity(c.env, { agent, conversationId, visitorId, email });
    return c.json(
      { conversationId, visitorId, visitorToken: token.token, expiresAt: token.expiresAt, resumed: false },
      201,
    );
  })

  /** Trades the visitor token (in a header) for a one-minute, single-use ticket: only that goes in the socket URL. */
  .post("/conversations/:conversationId/socket-ticket", async (c) => {
    const visitorId = await verifyVisitorToken(tokenSecret(c.env), bearer(c));
    if (!visitorId) throw new ApiError(401, "invalid_token", "The visitor token is missing, expired or invalid");
    const conversationId = c.req.param("conversationId");
    await requireOwnConversation(c, conversationId, visitorId);
    return c.json(await issueSocketTicket(tokenSecret(c.env), conversationId, visitorId), 201);
  })

  .get("/conversations/:conversationId/socket", async (c) => {
    if (c.req.header("upgrade")?.toLowerCase() !== "websocket")
      throw new ApiError(426, "upgrade_required", "This route only accepts WebSocket upgrades");
    const conversationId = c.req.param("conversationId");
    const ticket = await verifySocketTicket(tokenSecret(c.env), c.req.query("ticket"), conversationId);
    if (!ticket)
      throw new ApiError(401, "invalid_ticket", "The socket ticket is missing, expired or invalid; ask for a new one");
    await requireOwnConversation(c, conversationId, ticket.visitorId);

    const headers = new Headers(c.req.raw.headers);
    headers.set(VISITOR_HEADER, ticket.visitorId);
    headers.set(ROLE_HEADER, "visitor");
    headers.set(SOCKET_TICKET_HEADER, `${ticket.nonce}.${ticket.expiresAt}`); // the object spends it, once
    const stub = c.env.CONVERSATIONS.get(c.env.CONVERSATIONS.idFromName(conversationId));
    return stub.fetch(c.req.url, { headers });
  });
