/**
 * The channels a conversation can come from. A conversation has exactly one; per-channel settings
 * are keyed by these ids (`settings.channels.live_chat`).
 */

/** The chat widget on the owner's site. */
export const LIVE_CHAT = "live_chat";

export const CHANNEL_IDS = [LIVE_CHAT] as const;
export type ChannelId = (typeof CHANNEL_IDS)[number];
