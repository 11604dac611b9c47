/**
 * What a person wrote in an email, as plain text: the text part (or the text of the HTML part —
 * HTML is never rendered), without the quoted history mail clients append ("On … wrote:", "> "
 * lines, Outlook's "-----Original Message-----" and "From: … Sent: …" blocks) and without the
 * signature ("-- " and the "Sent from my iPhone" kind). A forwarded message keeps its history: the
 * forwarded text is what the sender wants read.
 */

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " };

/** The readable text of an HTML body: blocks become lines, quoted blocks and scripts go, entities are decoded. */
export function htmlToText(html: string): string {
  let text = html.replace(/<(script|style|head|title)\b[\s\S]*?<\/\1\s*>/gi, "");
  // Quoted history in HTML replies lives in <blockquote>; innermost first, so nesting goes too.
  for (let i = 0; i < 20 && /<blockquote\b/i.test(text); i++)
    text = text.replace(/<blockquote\b(?:(?!<blockquote\b)[\s\S])*?<\/blockquote\s*>/gi, "");
  return text
    .replace(/<br\s*\/?>/gi, "\n")
    .replace(/<\/(p|div|li|tr|h[1-6]|table|ul|ol)\s*>/gi, "\n")
    .replace(/<li\b[^>]*>/gi, "- ")
    .replace(/<[^>]*>/g, "")
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (entity, name: string) => {
      if (name[0] === "#") {
        const code = name[1]?.toLowerCase() === "x" ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
        return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : "";
      }
      return ENTITIES[name.toLowerCase()] ?? entity;
    })
    .replace(/[ \t]+\n/g, "\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

const ATTRIBUTION = /^\s*On\b.*\bwrote:\s*$/i; // "On Mon, 1 Dec 2026 at 10:00, Ann <ann@example.com> wrote:"
const ATTRIBUTION_START = /^\s*On\b.*\d/i; // its first line, when a client wrapped it
const ORIGINAL_MESSAGE = /^\s*-{2,}\s*Original Message\s*-{2,}\s*$/i;
const OUTLOOK_RULE = /^\s*_{8,}\s*$/;
const HEADER_FROM = /^\s*\*?From:\*?\s+\S/i;
const HEADER_SENT = /^\s*\*?(Sent|Date):\*?\s+\S/i;
const SIGNATURE = /^-- ?$/;
const MOBILE_SIGNATURE = /^\s*(Sent from my \w+|Sent from (Mail|Outlook) for \w+|Get Outlook for \w+)/i;

/** The index of the first line that starts quoted history or a signature; lines.length when none does. */
function cutAt(lines: string[], keepHistory: boolean): number {
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? "";
    if (SIGNATURE.test(line) || MOBILE_SIGNATURE.test(line)) return i;
    if (keepHistory) continue;
    if (ATTRIBUTION.test(line) || ORIGINAL_MESSAGE.test(line)) return i;
    if (ATTRIBUTION_START.test(line) && /\bwrote:\s*$/i.test(lines[i + 1] ?? "")) return i;
    const header = OUTLOOK_RULE.test(line) ? i + 1 : i;
    if (HEADER_FROM.test(lines[header] ?? "") && lines.slice(header + 1, header + 5).some((l) => HEADER_SENT.test(l)))
      return i;
  }
  return lines.length;
}

/** Whether the subject says the message is a forward (then its history is its content). */
export const isForward = (subject: string): boolean => /^\s*(fwd?|wg|tr)\s*:/i.test(subject);

/** What the sender wrote themselves: no quoted history (unless forwarded), no signature. */
export function ownText(text: string, options: { forwarded: boolean }): string {
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  const kept = lines.slice(0, cutAt(lines, options.forwarded));
  const unquoted = options.forwarded ? kept : kept.filter((line) => !/^\s*>/.test(line));
  return unquoted
    .map((line) => line.trimEnd())
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}
