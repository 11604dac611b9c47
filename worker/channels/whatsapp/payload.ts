/**
 * WhatsApp Cloud API webhook deliveries, validated: `entry[].changes[].value.messages[]` for the
 * deployment's phone number (`metadata.phone_number_id` must be its address; other numbers' changes
 * are skipped). Text, button and list replies are text; pictures, voice notes, videos, files,
 * stickers, places and shared contacts are attachments. Statuses (sent, delivered, read) and
 * reactions carry nothing for the agent and are left out.
 */
import { z } from "zod";
import type { Attachment, InboundItem } from "../meta/inbound-item";

const MAX_MESSAGES = 100; // Meta batches a few; more than this in one delivery is not Meta
const media = z.looseObject({
  id: z.string().max(200).optional(),
  mime_type: z.string().max(200).optional(),
  caption: z.string().max(4_096).optional(),
  filename: z.string().max(500).optional(),
});
const message = z.looseObject({
  from: z.string().min(1).max(64),
  id: z.string().min(1).max(256),
  type: z.string().max(40),
  text: z.looseObject({ body: z.string() }).optional(),
  button: z.looseObject({ text: z.string() }).optional(),
  interactive: z
    .looseObject({
      button_reply: z.looseObject({ title: z.string() }).optional(),
      list_reply: z.looseObject({ title: z.string() }).optional(),
    })
    .optional(),
  image: media.optional(),
  audio: media.optional(),
  video: media.optional(),
  document: media.optional(),
  sticker: media.optional(),
  location: z
    .looseObject({
      latitude: z.number().optional(),
      longitude: z.number().optional(),
      name: z.string().max(500).optional(),
      address: z.string().max(1_000).optional(),
    })
    .optional(),
});
type Message = z.infer<typeof message>;

export const whatsappWebhook = z.looseObject({
  object: z.literal("whatsapp_business_account"),
  entry: z.array(
    z.looseObject({
      changes: z.array(
        z.looseObject({
          field: z.string(),
          value: z.looseObject({
            metadata: z.looseObject({ phone_number_id: z.string() }).optional(),
            messages: z.array(message).max(MAX_MESSAGES).optional(),
          }),
        }),
      ),
    }),
  ),
});

const MEDIA_TYPES = ["image", "audio", "video", "document", "sticker"] as const;
const IGNORED_TYPES = new Set(["reaction", "system", "unsupported", "request_welcome", "order"]);

function attachmentOf(m: Message): Attachment {
  if (m.type === "location" && m.location) {
    const { latitude, longitude, name, address } = m.location;
    const where = [name, address, latitude !== undefined ? `${latitude},${longitude}` : undefined].filter(Boolean);
    return { type: "location", ...(where.length ? { caption: where.join(", ") } : {}) };
  }
  const kind = MEDIA_TYPES.find((t) => t === m.type);
  const file = kind ? m[kind] : undefined;
  return {
    type: m.type,
    ...(file?.id ? { ref: file.id } : {}),
    ...(file?.mime_type ? { mimeType: file.mime_type } : {}),
    ...(file?.filename ? { filename: file.filename } : {}),
    ...(file?.caption ? { caption: file.caption } : {}),
  };
}

function itemOf(m: Message): InboundItem | null {
  const text = m.text?.body ?? m.button?.text ?? m.interactive?.button_reply?.title ?? m.interactive?.list_reply?.title;
  if (text !== undefined) return text.trim() ? { kind: "text", id: m.id, from: m.from, text } : null;
  if (IGNORED_TYPES.has(m.type)) return null;
  return { kind: "media", id: m.id, from: m.from, attachments: [attachmentOf(m)] };
}

/** The messages of a delivery to `phoneNumberId`, in order; `skipped` counts changes for other numbers. */
export function whatsappItems(
  payload: z.infer<typeof whatsappWebhook>,
  phoneNumberId: string,
): { items: InboundItem[]; skipped: number } {
  const items: InboundItem[] = [];
  let skipped = 0;
  for (const entry of payload.entry)
    for (const change of entry.changes) {
      if (change.field !== "messages" || !change.value.messages) continue;
      if (change.value.metadata?.phone_number_id !== phoneNumberId) {
        skipped += 1;
        continue;
      }
      for (const m of change.value.messages) {
        const item = itemOf(m);
        if (item) items.push(item);
      }
    }
  return { items, skipped };
}
