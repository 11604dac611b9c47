/** Text-based files (Markdown, plain text, reStructuredText, CSV, JSON, XML, config files) as Markdown. */

import { atxHeading } from "../sections";

export type ParsedDocument = { title: string; markdown: string };

const FRONT_MATTER = /^---\r?\n([\s\S]*?)\r?\n---\r?\n/; // YAML front matter at the very start of a Markdown file
const FRONT_MATTER_TITLE = /^title:\s*["']?(.*?)["']?\s*$/m;
const TITLE_HEADING_LEVEL = 2; // a "#" or "##" heading names the file; deeper ones name its parts
const LINE_BREAK = /\r\n|[\n\r\u2028\u2029]/;

/** The text of the first "#" or "##" heading, if any (line by line: a multiline regex here was quadratic in a long line). */
function firstHeading(body: string): string | undefined {
  for (const line of body.split(LINE_BREAK)) {
    const heading = atxHeading(line, TITLE_HEADING_LEVEL);
    if (heading) return heading.text;
  }
  return undefined;
}

/** The file name without folders and extension, as a readable title. */
export function titleFromName(name: string): string {
  const base = name.split("/").pop() ?? name;
  return (
    base
      .replace(/\.[^.]+$/, "")
      .replace(/[-_]+/g, " ")
      .trim() || base
  );
}

function decode(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes).replace(/^\uFEFF/, "");
  } catch {
    return null;
  }
}

/** Reads a text file; null when it is not UTF-8. */
export function parseText(name: string, extension: string, bytes: Uint8Array): ParsedDocument | null {
  const text = decode(bytes);
  if (text === null) return null;
  if (extension === "md" || extension === "markdown") {
    const front = FRONT_MATTER.exec(text);
    const body = front ? text.slice(front[0].length) : text;
    const title = (front && FRONT_MATTER_TITLE.exec(front[1] ?? "")?.[1]) || firstHeading(body) || titleFromName(name);
    return { title: title.trim(), markdown: body };
  }
  if (
    extension === "json" ||
    extension === "csv" ||
    extension === "xml" ||
    extension === "cfg" ||
    extension === "conf"
  ) {
    // Structured text stays as it is, fenced, so its lines keep their meaning.
    return { title: titleFromName(name), markdown: `\`\`\`${extension}\n${text}\n\`\`\`` };
  }
  return { title: titleFromName(name), markdown: text };
}
