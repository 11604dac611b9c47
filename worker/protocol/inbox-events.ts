/**
 * What the staff inbox's live socket sends: a conversation's summary whenever it changes, and
 * its id when it was erased (a contact's GDPR erase).
 * Shared by the inbox hub (Durable Object), which sends it, and the inbox app, which checks
 * every frame and list entry with the parsers below before use.
 */
import { MAX_FRAME_BYTES } from "./events";

/**
 * A conversation that found no inbox of its agent open does not ask again for this long
 * (worker/inbox/unwatched.ts); an inbox lists its conversations again this long after a socket
 * opens, so the changes of conversations that did not ask meanwhile reach it.
 */
export const UNWATCHED_HINT_MS = 2_000;

/** The lead-qualification labels (worker/goals/definition.ts keeps the same list). */
export const LEAD_LABELS = ["qualified", "partially_qualified", "unqualified"] as const;
export type LeadLabelValue = (typeof LEAD_LABELS)[number];

export type ConversationSummary = {
  id: string;
  agentId: string;
  status: string;
  assignedStaffId: string | null;
  assignedStaffName: string | null;
  handoffReason: string | null;
  contactEmail: string | null;
  /** Whether the visitor proved the contact's email is theirs (verification link or host-site identity); false when merely typed. */
  emailVerified: boolean;
  lastMessage: string | null;
  /** The channel the conversation came by (live_chat, email, whatsapp, messenger, custom), and who it is with there. */
  channel: string;
  /** The visitor's address on that channel (an email address, a phone number, a page-scoped id); null on live chat. */
  channelAddress: string | null;
  /** The lead-qualification label once the agent's goal has set one; null otherwise. */
  leadLabel: LeadLabelValue | null;
  updatedAt: number;
  createdAt: number;
};

export type InboxEvent =
  | { type: "conversation"; conversation: ConversationSummary }
  | { type: "conversation_removed"; id: string };

const MAX_ID_CHARS = 64; // conversation ids are short random strings

type Fields = Record<string, unknown>;

const isText = (v: unknown): v is string => typeof v === "string";
const isTextOrNull = (v: unknown): v is string | null => v === null || typeof v === "string";
const isTime = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);
const isLeadLabel = (v: unknown): v is LeadLabelValue => LEAD_LABELS.some((label) => label === v);

/** A summary (from the list API or a live event) with the expected shape, or null. */
export function parseConversationSummary(value: unknown): ConversationSummary | null {
  if (typeof value !== "object" || value === null) return null;
  const f = value as Fields;
  const {
    id,
    agentId,
    status,
    assignedStaffId,
    assignedStaffName,
    handoffReason,
    contactEmail,
    emailVerified,
    lastMessage,
    channel,
    channelAddress,
    leadLabel,
    updatedAt,
    createdAt,
  } = f;
  if (!isText(id) || !isText(agentId) || !isText(status) || !isTime(updatedAt) || !isTime(createdAt)) return null;
  if (!isTextOrNull(assignedStaffId) || !isTextOrNull(assignedStaffName) || !isTextOrNull(handoffReason)) return null;
  if (!isTextOrNull(contactEmail) || !isTextOrNull(lastMessage) || typeof emailVerified !== "boolean") return null;
  if (!isText(channel) || !isTextOrNull(channelAddress)) return null;
  // Absent (a summary from before goals) is no label; anything but a known label is refused.
  if (leadLabel !== undefined && leadLabel !== null && !isLeadLabel(leadLabel)) return null;
  return {
    id,
    agentId,
    status,
    assignedStaffId,
    assignedStaffName,
    handoffReason,
    contactEmail,
    emailVerified,
    lastMessage,
    channel,
    channelAddress,
    leadLabel: leadLabel ?? null,
    updatedAt,
    createdAt,
  };
}

/** A frame from the inbox socket as a typed event, or null for anything else (dropped by the app). */
export function parseInboxEvent(raw: string): InboxEvent | null {
  if (new TextEncoder().encode(raw).byteLength > MAX_FRAME_BYTES) return null;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return null;
  }
  if (typeof value !== "object" || value === null) return null;
  const { type, id } = value as Fields;
  if (type === "conversation_removed") return isText(id) && id.length <= MAX_ID_CHARS ? { type, id } : null;
  if (type !== "conversation") return null;
  const conversation = parseConversationSummary((value as Fields).conversation);
  return conversation ? { type: "conversation", conversation } : null;
}
