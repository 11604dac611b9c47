/**
 * What a Meta webhook delivery brings, whatever the platform: text messages, and attachments the
 * agent cannot read (pictures, voice notes, files, places). An attachment is kept in the
 * conversation as a visitor message whose text describes it — `[image: caption] (image/jpeg,
 * id 123)` — so staff see what was sent; the agent answers it with the `text_only` line.
 */
export type Attachment = {
  /** The platform's kind: image, audio, video, document, sticker, location, file… */
  type: string;
  /** The platform's media id or URL, for staff who fetch it from the platform. */
  ref?: string;
  mimeType?: string;
  filename?: string;
  caption?: string;
};

export type InboundItem =
  | { kind: "text"; id: string; from: string; text: string }
  | { kind: "media"; id: string; from: string; attachments: Attachment[]; text?: string };

const MAX_DESCRIPTION_CHARS = 500;

/** One attachment as the conversation records it. */
export function describeAttachment(a: Attachment): string {
  const label = a.caption || a.filename;
  const details = [a.mimeType, a.filename && a.caption ? a.filename : undefined, a.ref ? `id ${a.ref}` : undefined]
    .filter(Boolean)
    .join(", ");
  return `[${a.type}${label ? `: ${label}` : ""}]${details ? ` (${details})` : ""}`.slice(0, MAX_DESCRIPTION_CHARS);
}

/** The visitor message text recording a media message: its text (if any), then each attachment. */
export function mediaText(item: Extract<InboundItem, { kind: "media" }>): string {
  return [item.text, ...item.attachments.map(describeAttachment)].filter(Boolean).join("\n");
}
