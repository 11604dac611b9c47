/**
 * The channels a conversation can come from. A conversation has exactly one; per-channel settings
 * are keyed by these ids (`settings.channels.live_chat`, `settings.channels.email`, …).
 */

/** The chat widget on the owner's site. */
export const LIVE_CHAT = "live_chat";
/** Mail to an address routed to the Worker (Cloudflare Email Routing). */
export const EMAIL = "email";
/** WhatsApp Business (Cloud API), by phone number id. */
export const WHATSAPP = "whatsapp";
/** Facebook Messenger, by page id. */
export const MESSENGER = "messenger";
/** Anything else the owner connects: signed messages in, signed deliveries out. */
export const CUSTOM = "custom";

export const CHANNEL_IDS = [LIVE_CHAT, EMAIL, WHATSAPP, MESSENGER, CUSTOM] as const;
export type ChannelId = (typeof CHANNEL_IDS)[number];

/** The channels an agent is deployed to by the channels API (live chat needs no deployment: it is the widget). */
export const DEPLOYABLE_CHANNELS = [EMAIL, WHATSAPP, MESSENGER, CUSTOM] as const;
export type DeployableChannel = (typeof DEPLOYABLE_CHANNELS)[number];

export function isChannelId(value: string): value is ChannelId {
  return (CHANNEL_IDS as readonly string[]).includes(value);
}

export function isDeployable(value: string): value is DeployableChannel {
  return (DEPLOYABLE_CHANNELS as readonly string[]).includes(value);
}
