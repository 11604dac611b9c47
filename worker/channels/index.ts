/** The channel adapters by id: a conversation looks up its channel here. */
import type { ChannelId } from "../protocol/channels";
import type { ReplyChannel } from "./channel";
import { liveChat } from "./live-chat/channel";

const CHANNELS: Record<ChannelId, ReplyChannel> = { live_chat: liveChat };

/** The channel a conversation came by; conversations from before channels were recorded are live chat. */
export function channelFor(id: string): ReplyChannel {
  return (CHANNELS as Record<string, ReplyChannel>)[id] ?? liveChat;
}
