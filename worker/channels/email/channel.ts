/** The email channel (being built). */
import { EMAIL } from "../../protocol/channels";
import { MAX_MESSAGE_CHARS } from "../../protocol/events";
import type { DeliveringChannel } from "../channel";

export const emailChannel: DeliveringChannel = {
  id: EMAIL,
  capabilities: { streaming: false, formatting: "plain", maxMessageChars: MAX_MESSAGE_CHARS, maxReplyChars: null },
  render: (reply) => reply,
  deliver: async () => ({ ok: false, retry: false, error: "The email channel cannot send yet" }),
  testConnection: async () => ({ ok: false, detail: "The email channel cannot be tested yet" }),
};
