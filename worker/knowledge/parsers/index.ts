/**
 * File parsing for file sources: from a file's name and bytes to a title and Markdown, or a clear
 * per-file error. Text formats are read here; each richer format has its own module.
 */
import { parseText, type ParsedDocument } from "./text";

export type { ParsedDocument } from "./text";
export type ParseError = { code: "unsupported_type" | "unreadable_file" | "needs_transcription"; message: string };
export type ParseResult = { ok: true; document: ParsedDocument } | { ok: false; error: ParseError };

const TEXT_EXTENSIONS = new Set(["txt", "md", "markdown", "rst", "csv", "json", "xml", "cfg", "conf"]);
const MEDIA_EXTENSIONS = new Set(["mp4", "mpeg", "mpg", "mov", "avi", "webm"]);

export function extensionOf(name: string): string {
  const base = name.split("/").pop() ?? name;
  const dot = base.lastIndexOf(".");
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : "";
}

/** Whether a file of this name can become a source at all (checked before anything is stored). */
export function checkSupported(name: string, canTranscribe: boolean): ParseError | null {
  const extension = extensionOf(name);
  if (TEXT_EXTENSIONS.has(extension)) return null;
  if (extension === "xls") {
    return { code: "unsupported_type", message: "Legacy .xls spreadsheets are not supported: save the sheet as .xlsx or .csv and upload that." };
  }
  if (MEDIA_EXTENSIONS.has(extension)) {
    if (canTranscribe) return null;
    return { code: "needs_transcription", message: "Audio and video need a speech-to-text provider: set OPENAI_API_KEY to upload them." };
  }
  return { code: "unsupported_type", message: `Files of type .${extension || "(none)"} are not supported.` };
}

export function parseFile(name: string, bytes: Uint8Array): ParseResult {
  const extension = extensionOf(name);
  if (!TEXT_EXTENSIONS.has(extension)) {
    return { ok: false, error: checkSupported(name, false) ?? { code: "unsupported_type", message: `Files of type .${extension} are not supported yet.` } };
  }
  const document = parseText(name, extension, bytes);
  if (!document) return { ok: false, error: { code: "unreadable_file", message: `${name} is not valid UTF-8 text.` } };
  return { ok: true, document };
}
