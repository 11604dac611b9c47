/** The whatsapp channel (being built). */
import { WHATSAPP } from "../../protocol/channels";
import { MAX_MESSAGE_CHARS } from "../../protocol/events";
import type { DeliveringChannel } from "../channel";

export const whatsappChannel: DeliveringChannel = {
  id: WHATSAPP,
  capabilities: { streaming: false, formatting: "plain", maxMessageChars: MAX_MESSAGE_CHARS, maxReplyChars: null },
  render: (reply) => reply,
  deliver: async () => ({ ok: false, retry: false, error: "The whatsapp channel cannot send yet" }),
  testConnection: async () => ({ ok: false, detail: "The whatsapp channel cannot be tested yet" }),
};
