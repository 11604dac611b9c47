/**
 * What the staff inbox's live socket sends: a conversation's summary whenever it changes.
 * Types only, shared by the inbox hub (Durable Object) and the inbox app.
 */

export type ConversationSummary = {
  id: string;
  agentId: string;
  status: string;
  assignedStaffId: string | null;
  assignedStaffName: string | null;
  handoffReason: string | null;
  contactEmail: string | null;
  lastMessage: string | null;
  updatedAt: number;
  createdAt: number;
};

export type InboxEvent = { type: "conversation"; conversation: ConversationSummary };
