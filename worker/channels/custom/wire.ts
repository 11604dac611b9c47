/**
 * The custom channel's wire format, both ways: the message a custom integration POSTs to us (one
 * user's line, with the sender's own message id for de-duplication), and the JSON each of the
 * agent's lines is delivered as, with its stable id (`conversationId:seq`, also the delivery's
 * idempotency key).
 */
import { z } from "zod";
import { MAX_MESSAGE_CHARS, type Source } from "../../protocol/events";
import type { Outgoing } from "../channel";

const MAX_ID_CHARS = 200; // the sender's ids: UUIDs, database keys, platform ids

const senderId = (description: string) => z.string().trim().min(1).max(MAX_ID_CHARS).describe(description);

/** The user a message is from, as the integration knows them. */
export const customUser = z.strictObject({
  id: senderId("The user's id in your system: one open conversation per user"),
  email: z
    .email()
    .max(254)
    .optional()
    .describe("The user's email: links them to the contact for CRM lookups (never treated as verified)"),
  name: z.string().trim().min(1).max(200).optional().describe("The user's name, for your records (not stored yet)"),
});

export const customMessage = z.strictObject({
  id: senderId("Your id of this message: a message sent again with the same id is taken once"),
  user: customUser,
  text: z.string().trim().min(1).max(MAX_MESSAGE_CHARS),
  conversation: z
    .literal("new")
    .optional()
    .describe('"new" starts a new conversation even when the user has an open one'),
});
export type CustomMessage = z.infer<typeof customMessage>;

/** One of the agent's lines as it is POSTed to the deployment's delivery URL. */
export type CustomDelivery = {
  /** `conversationId:seq`: stable across retries; receivers de-duplicate by it. */
  id: string;
  conversationId: string;
  user: { id: string };
  kind: Outgoing["kind"];
  text: string;
  sources: Source[];
  author?: string;
};

export const deliveryId = (outgoing: Pick<Outgoing, "conversationId" | "seq">): string =>
  `${outgoing.conversationId}:${outgoing.seq}`;

export function customDelivery(outgoing: Outgoing): CustomDelivery {
  return {
    id: deliveryId(outgoing),
    conversationId: outgoing.conversationId,
    user: { id: outgoing.address },
    kind: outgoing.kind,
    text: outgoing.text,
    sources: outgoing.sources,
    ...(outgoing.author ? { author: outgoing.author } : {}),
  };
}
