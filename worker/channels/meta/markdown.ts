/**
 * The agent writes Markdown; WhatsApp has its own few markers (*bold*, _italic_, ~strike~,
 * ```mono```) and Messenger shows plain text. This turns the Markdown the agent uses into either,
 * line by line: headings become bold lines, list items plain lines with a bullet, links
 * "text (url)", and code keeps its text untouched. Citations are appended as "Sources:" lines.
 */
import type { Source } from "../../protocol/events";

export type MarkupStyle = {
  bold: (text: string) => string;
  italic: (text: string) => string;
  strike: (text: string) => string;
  code: (text: string) => string;
};

export const WHATSAPP_STYLE: MarkupStyle = {
  bold: (t) => `*${t}*`,
  italic: (t) => `_${t}_`,
  strike: (t) => `~${t}~`,
  code: (t) => `\`\`\`${t}\`\`\``,
};
export const PLAIN_STYLE: MarkupStyle = { bold: (t) => t, italic: (t) => t, strike: (t) => t, code: (t) => t };

const BULLET = "• ";
// Private-use characters stand in for converted spans, so a later pattern never reads their markers again.
const HOLD_OPEN = "\uE000";
const HOLD_CLOSE = "\uE001";

/** One line's inline Markdown in `style`. */
function inline(line: string, style: MarkupStyle): string {
  const held: string[] = [];
  const hold = (text: string) => `${HOLD_OPEN}${held.push(text) - 1}${HOLD_CLOSE}`;
  let out = line.replace(/`([^`]+)`/g, (_, code: string) => hold(style.code(code)));
  out = out.replace(/\[([^\]]+)\]\((https?:\/\/[^)\s]+)\)/g, (_, text: string, url: string) =>
    hold(text === url ? url : `${text} (${url})`),
  );
  out = out.replace(/(\*\*|__)(?=\S)(.+?)(?<=\S)\1/g, (_, _m, text: string) => hold(style.bold(text)));
  out = out.replace(/~~(?=\S)(.+?)(?<=\S)~~/g, (_, text: string) => hold(style.strike(text)));
  out = out.replace(/(?<![\w*])\*(?=\S)([^*]+?)(?<=\S)\*(?![\w*])/g, (_, text: string) => hold(style.italic(text)));
  out = out.replace(/(?<!\w)_(?=\S)([^_]+?)(?<=\S)_(?!\w)/g, (_, text: string) => hold(style.italic(text)));
  // Spans can nest (a link in bold): put back until nothing is held.
  const back = new RegExp(`${HOLD_OPEN}(\\d+)${HOLD_CLOSE}`, "g");
  while (back.test(out)) out = out.replace(back, (_, i: string) => held[Number(i)] ?? "");
  return out;
}

/** Markdown as the channel shows it. Fenced code blocks keep their text, fenced in `style.code`. */
export function convertMarkdown(markdown: string, style: MarkupStyle): string {
  const out: string[] = [];
  let fence: string[] | null = null;
  for (const line of markdown.replace(/\r\n?/g, "\n").split("\n")) {
    if (/^\s*```/.test(line)) {
      if (fence) {
        out.push(style.code(fence.join("\n")));
        fence = null;
      } else fence = [];
      continue;
    }
    if (fence) {
      fence.push(line);
      continue;
    }
    const heading = /^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    const bullet = /^(\s*)[-*+]\s+(.*)$/.exec(line);
    if (heading) out.push(style.bold(inline(heading[1] ?? "", PLAIN_STYLE)));
    else if (bullet) out.push(`${bullet[1] ?? ""}${BULLET}${inline(bullet[2] ?? "", style)}`);
    else if (/^\s*([-*_])(\s*\1){2,}\s*$/.test(line)) out.push("");
    else out.push(inline(line.replace(/^\s*>\s?/, ""), style));
  }
  if (fence) out.push(style.code(fence.join("\n"))); // an unclosed fence still shows its code
  return out
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

/** The cited sources as lines after the answer: "Sources:", then each title with its URL (or the title alone). */
export function sourceLines(sources: readonly Source[]): string {
  if (sources.length === 0) return "";
  const lines = sources.map((s) => (s.url ? `${BULLET}${s.title}: ${s.url}` : `${BULLET}${s.title}`));
  return `Sources:\n${lines.join("\n")}`;
}

/** The complete answer for the channel: converted, with its sources appended. */
export function renderForChannel(text: string, sources: readonly Source[], style: MarkupStyle): string {
  const body = convertMarkdown(text, style);
  const cited = sourceLines(sources);
  return cited ? `${body}\n\n${cited}` : body;
}
