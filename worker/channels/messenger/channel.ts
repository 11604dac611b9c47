/**
 * The Messenger channel: answers as plain text with their sources as lines, sent as messages of at
 * most 2,000 characters to `/me/messages` (a reply within the 24-hour window: `RESPONSE`); the
 * visitor's message marked seen, with the typing dots, when it arrives; the connection checked by
 * reading the page.
 */
import { MESSENGER } from "../../protocol/channels";
import { metaChannel, type MetaSender } from "../meta/deliver";
import { graphPost } from "../meta/graph";
import { PLAIN_STYLE } from "../meta/markdown";
import type { MetaPlatform } from "../meta/platform";
import { messengerItems, messengerWebhook } from "./payload";

/** Messenger's limit on a text message. */
export const MESSENGER_MAX_TEXT_CHARS = 2_000;
const MESSAGES_PATH = "/me/messages";

const sender: MetaSender = {
  maxChars: MESSENGER_MAX_TEXT_CHARS,
  path: () => MESSAGES_PATH,
  body: (psid, text) => ({ recipient: { id: psid }, messaging_type: "RESPONSE", message: { text } }),
};

export const messengerChannel = metaChannel(MESSENGER, { sender, style: PLAIN_STYLE, what: "page" });

export const messengerPlatform: MetaPlatform<ReturnType<typeof messengerWebhook.parse>> = {
  channel: MESSENGER,
  schema: messengerWebhook,
  items: messengerItems,
  async acknowledge(env, deployment, item) {
    for (const action of ["mark_seen", "typing_on"]) {
      const result = await graphPost(env, deployment, MESSAGES_PATH, {
        recipient: { id: item.from },
        sender_action: action,
      });
      if (!result.ok) console.warn(`messenger: ${action} for ${item.id} failed: ${result.error}`);
    }
  },
};
