/**
 * The live-chat channel: the widget's socket. A visitor's `message` frame (already checked by the
 * protocol parser) is the visitor message, and replies stream as Markdown that the panel renders,
 * with citations as sources beside the text, so a reply is sent as the agent wrote it.
 */
import { LIVE_CHAT } from "../../protocol/channels";
import { MAX_MESSAGE_CHARS, type MessageFrame } from "../../protocol/events";
import type { Channel } from "../channel";

export const liveChat: Channel<MessageFrame> = {
  id: LIVE_CHAT,
  capabilities: { streaming: true, formatting: "markdown", maxMessageChars: MAX_MESSAGE_CHARS, maxReplyChars: null },
  receive: (frame) => ({ ok: true, message: { clientId: frame.id, text: frame.text } }),
  render: (reply) => reply,
};
