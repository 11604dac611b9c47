/** The channel adapters by id: a conversation looks up its channel here, and the outbox its sender. */
import { CUSTOM, EMAIL, MESSENGER, WHATSAPP, type ChannelId, type DeployableChannel } from "../protocol/channels";
import type { DeliveringChannel, ReplyChannel } from "./channel";
import { customChannel } from "./custom/channel";
import { emailChannel } from "./email/channel";
import { liveChat } from "./live-chat/channel";
import { messengerChannel } from "./messenger/channel";
import { whatsappChannel } from "./whatsapp/channel";

const DELIVERING: Record<DeployableChannel, DeliveringChannel> = {
  [EMAIL]: emailChannel,
  [WHATSAPP]: whatsappChannel,
  [MESSENGER]: messengerChannel,
  [CUSTOM]: customChannel,
};
const CHANNELS: Record<ChannelId, ReplyChannel> = { live_chat: liveChat, ...DELIVERING };

/** The channel a conversation came by; conversations from before channels were recorded are live chat. */
export function channelFor(id: string): ReplyChannel {
  return (CHANNELS as Record<string, ReplyChannel>)[id] ?? liveChat;
}

/** The adapter that sends a deployment's replies. */
export function deliveringChannel(id: DeployableChannel): DeliveringChannel {
  return DELIVERING[id];
}
