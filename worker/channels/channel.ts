/**
 * What every channel adapter implements. A channel only turns its wire format into the visitor
 * messages a conversation takes, and the agent's replies back into its wire format; turns never
 * branch on the channel. What differs between channels — streaming, formatting, length — is said
 * once, as the adapter's capabilities.
 */
import type { ChannelId } from "../protocol/channels";
import type { ErrorCode, Source, SystemMessageKind } from "../protocol/events";
import type { OpenDeployment } from "./deployments/store";

export type ChannelCapabilities = {
  /** Replies stream to the visitor as they are written; otherwise the complete reply is sent once. */
  streaming: boolean;
  /** How replies reach the visitor: Markdown the client renders, or plain text. */
  formatting: "markdown" | "plain";
  /** The longest visitor message the channel takes, in characters. */
  maxMessageChars: number;
  /** The longest reply one message of the channel can carry, in characters; null: no limit. */
  maxReplyChars: number | null;
};

/** A visitor's message as a conversation takes it, whatever channel it came by. */
export type VisitorMessage = {
  /** The channel's own id of the message, so a message delivered twice is stored once. */
  clientId: string;
  text: string;
};

export type Inbound = { ok: true; message: VisitorMessage } | { ok: false; code: ErrorCode; message: string };

/** The agent's complete reply: its Markdown text and the sources it cites. */
export type Reply = { text: string; sources: Source[] };

/** What a conversation's turns need of its channel, whatever its wire format. */
export interface ReplyChannel {
  readonly id: ChannelId;
  readonly capabilities: ChannelCapabilities;
  /** The agent's complete reply as the channel sends it (length, formatting, citations). */
  render(reply: Reply): Reply;
}

/** A channel adapter: its replies, and its inbound wire messages (`Wire`) as visitor messages. */
export interface Channel<Wire> extends ReplyChannel {
  /** The channel's inbound message as a visitor message, or why it cannot be taken. */
  receive(wire: Wire): Inbound;
}

/** One message for the visitor on a channel that is not a socket: an answer, a person's line, or a lifecycle line. */
export type Outgoing = {
  conversationId: string;
  /** The event's seq in the conversation: with the conversation id, the delivery's idempotency key. */
  seq: number;
  kind: "answer" | "person" | SystemMessageKind;
  /** Already rendered for the channel (`render`). */
  text: string;
  sources: Source[];
  /** Who receives it: the conversation's channel address. */
  address: string;
  /** The person who wrote it, for a person's line. */
  author?: string;
};

/** A delivery's outcome: a failure the platform may get over is tried again later (`retry`). */
export type Delivery = { ok: true } | { ok: false; retry: boolean; error: string };

/** Whether a deployment's connection works, in words an admin can act on. */
export type ConnectionCheck = { ok: boolean; detail: string };

/** A channel whose replies are sent, one complete message at a time, through its deployment. */
export interface DeliveringChannel extends ReplyChannel {
  deliver(env: Env, deployment: OpenDeployment, outgoing: Outgoing): Promise<Delivery>;
  testConnection(env: Env, deployment: OpenDeployment): Promise<ConnectionCheck>;
}
