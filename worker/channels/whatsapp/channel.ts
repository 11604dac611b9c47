/**
 * The WhatsApp (Cloud API) channel: answers rendered with WhatsApp's markers and their sources as
 * lines, sent as text messages of at most 4,096 characters to `/{phone_number_id}/messages`; the
 * visitor's message marked read when it arrives; the connection checked by reading the number.
 */
import { WHATSAPP } from "../../protocol/channels";
import type { OpenDeployment } from "../deployments/store";
import { metaChannel, type MetaSender } from "../meta/deliver";
import { graphPost } from "../meta/graph";
import type { MetaPlatform } from "../meta/platform";
import { WHATSAPP_STYLE } from "../meta/markdown";
import { whatsappItems, whatsappWebhook } from "./payload";

/** The Cloud API's limit on a text message's body. */
export const WHATSAPP_MAX_TEXT_CHARS = 4_096;

const messagesPath = (deployment: OpenDeployment) => `/${encodeURIComponent(deployment.address)}/messages`;

const sender: MetaSender = {
  maxChars: WHATSAPP_MAX_TEXT_CHARS,
  path: messagesPath,
  body: (to, text) => ({
    messaging_product: "whatsapp",
    recipient_type: "individual",
    to,
    type: "text",
    text: { body: text, preview_url: true },
  }),
};

export const whatsappChannel = metaChannel(WHATSAPP, { sender, style: WHATSAPP_STYLE, what: "phone number" });

export const whatsappPlatform: MetaPlatform<ReturnType<typeof whatsappWebhook.parse>> = {
  channel: WHATSAPP,
  schema: whatsappWebhook,
  items: whatsappItems,
  async acknowledge(env, deployment, item) {
    const result = await graphPost(env, deployment, messagesPath(deployment), {
      messaging_product: "whatsapp",
      status: "read",
      message_id: item.id,
    });
    if (!result.ok) console.warn(`whatsapp: could not mark ${item.id} read: ${result.error}`);
  },
};
