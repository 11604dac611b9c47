/** The custom channel (being built). */
import { CUSTOM } from "../../protocol/channels";
import { MAX_MESSAGE_CHARS } from "../../protocol/events";
import type { DeliveringChannel } from "../channel";

export const customChannel: DeliveringChannel = {
  id: CUSTOM,
  capabilities: { streaming: false, formatting: "plain", maxMessageChars: MAX_MESSAGE_CHARS, maxReplyChars: null },
  render: (reply) => reply,
  deliver: async () => ({ ok: false, retry: false, error: "The custom channel cannot send yet" }),
  testConnection: async () => ({ ok: false, detail: "The custom channel cannot be tested yet" }),
};
