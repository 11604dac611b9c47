/** The messenger channel (being built). */
import { MESSENGER } from "../../protocol/channels";
import { MAX_MESSAGE_CHARS } from "../../protocol/events";
import type { DeliveringChannel } from "../channel";

export const messengerChannel: DeliveringChannel = {
  id: MESSENGER,
  capabilities: { streaming: false, formatting: "plain", maxMessageChars: MAX_MESSAGE_CHARS, maxReplyChars: null },
  render: (reply) => reply,
  deliver: async () => ({ ok: false, retry: false, error: "The messenger channel cannot send yet" }),
  testConnection: async () => ({ ok: false, detail: "The messenger channel cannot be tested yet" }),
};
