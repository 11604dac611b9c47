/**
 * Messenger webhook deliveries, validated: `entry[].messaging[]` for the deployment's page (the
 * entry id must be its address). A message with text is text (`sender.id` is the visitor's PSID,
 * `message.mid` its id); one with attachments (pictures, audio, video, files, stickers, places) is
 * media. Echoes of the page's own messages, deliveries, reads and postbacks are left out.
 */
import { z } from "zod";
import type { Attachment, InboundItem } from "../meta/inbound-item";

const MAX_EVENTS = 100; // Meta batches a few; more than this in one delivery is not Meta
const attachment = z.looseObject({
  type: z.string().max(40),
  payload: z
    .looseObject({
      url: z.string().max(4_000).optional(),
      title: z.string().max(500).optional(),
      sticker_id: z.number().optional(),
      coordinates: z.looseObject({ lat: z.number(), long: z.number() }).optional(),
    })
    .nullable()
    .optional(),
});
const messaging = z.looseObject({
  sender: z.looseObject({ id: z.string().min(1).max(64) }),
  message: z
    .looseObject({
      mid: z.string().min(1).max(256),
      text: z.string().optional(),
      is_echo: z.boolean().optional(),
      attachments: z.array(attachment).max(20).optional(),
    })
    .optional(),
});

export const messengerWebhook = z.looseObject({
  object: z.literal("page"),
  entry: z.array(z.looseObject({ id: z.string(), messaging: z.array(messaging).max(MAX_EVENTS).optional() })),
});

function attachmentOf(a: z.infer<typeof attachment>): Attachment {
  const p = a.payload ?? {};
  const type = p.sticker_id !== undefined ? "sticker" : a.type;
  const where = p.coordinates ? `${p.coordinates.lat},${p.coordinates.long}` : undefined;
  const caption = [p.title, where].filter(Boolean).join(", ");
  return { type, ...(p.url ? { ref: p.url } : {}), ...(caption ? { caption } : {}) };
}

/** The messages of a delivery to `pageId`, in order; `skipped` counts entries for other pages. */
export function messengerItems(
  payload: z.infer<typeof messengerWebhook>,
  pageId: string,
): { items: InboundItem[]; skipped: number } {
  const items: InboundItem[] = [];
  let skipped = 0;
  for (const entry of payload.entry) {
    if (!entry.messaging) continue;
    if (entry.id !== pageId) {
      skipped += 1;
      continue;
    }
    for (const event of entry.messaging) {
      const m = event.message;
      if (!m || m.is_echo) continue;
      const from = event.sender.id;
      if (m.attachments?.length) {
        const text = m.text?.trim();
        items.push({
          kind: "media",
          id: m.mid,
          from,
          attachments: m.attachments.map(attachmentOf),
          ...(text ? { text } : {}),
        });
      } else if (m.text?.trim()) items.push({ kind: "text", id: m.mid, from, text: m.text });
    }
  }
  return { items, skipped };
}
