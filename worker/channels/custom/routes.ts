/**
 * Custom channels' inbound endpoint: `POST /v1/channels/:channelId/messages`, signed with the
 * deployment's secret (signed-request.ts). Each message joins its user's open conversation (or a
 * new one) and is answered in the background, so the sender gets 202 at once; the answer comes
 * back to the delivery URL. A message id sent again is taken once (200, `duplicate: true`).
 * `POST /v1/channels/:channelId/assign`, signed the same way, hands a conversation to the agent (assign.ts).
 */
import { Hono } from "hono";
import type { AppEnv } from "../../lib/app-env";
import { ApiError } from "../../lib/errors";
import type { ErrorCode } from "../../protocol/events";
import { takeInbound } from "../inbound";
import { signedRequest } from "./signed-request";
import { customMessage } from "./wire";
import { assignedConversation, customAssign, handInOf } from "./assign";
import { handInConversation } from "../../handoff/hand-in";

/** How a conversation's refusal of a message is answered; the message was stored nowhere and may be sent again. */
const REFUSED_STATUS: Partial<Record<ErrorCode, 409 | 429>> = {
  rate_limited: 429,
  conversation_closed: 409,
  conversation_full: 409,
};

export const customRoutes = new Hono<AppEnv>()
  .post("/channels/:channelId/messages", async (c) => {
    const { deployment, body } = await signedRequest(c, customMessage);
    const { conversationId, received } = await takeInbound(c.env, {
      deployment,
      address: body.user.id,
      message: { clientId: body.id, text: body.text },
      ...(body.conversation ? { thread: body.conversation } : {}),
      ...(body.user.email ? { identity: { email: body.user.email, proven: false } } : {}),
      origin: new URL(c.env.PUBLIC_URL || c.req.url).origin,
    });
    if (!received.ok) throw new ApiError(REFUSED_STATUS[received.code] ?? 409, received.code, received.message);
    // 202: taken, answered in the background; 200: this id was taken before, nothing new happens.
    return c.json(
      { conversationId, messageId: body.id, duplicate: received.duplicate },
      received.duplicate ? 200 : 202,
    );
  })
  .post("/channels/:channelId/assign", async (c) => {
    const { deployment, body } = await signedRequest(c, customAssign);
    const conversationId = await assignedConversation(c.env, deployment, body);
    return c.json(await handInConversation(c.env, conversationId, handInOf(body)));
  });
