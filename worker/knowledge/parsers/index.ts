/**
 * File parsing for file sources: from a file's name and bytes to a title and Markdown, or a clear
 * per-file error. Text formats are read here; each richer format has its own module.
 */
import { parseDocx } from "./docx";
import { htmlToDocument } from "./html";
import { decodeHtml } from "./html-charset";
import { parsePdf } from "./pdf";
import { parsePptx } from "./pptx";
import { parseText, titleFromName, type ParsedDocument } from "./text";
import { parseXlsx } from "./xlsx";

export type { ParsedDocument } from "./text";
export type ParseError = { code: "unsupported_type" | "unreadable_file" | "needs_transcription"; message: string };
export type ParseResult = { ok: true; document: ParsedDocument } | { ok: false; error: ParseError };

const TEXT_EXTENSIONS = new Set(["txt", "md", "markdown", "rst", "csv", "json", "xml", "cfg", "conf"]);
/** Audio and video: transcribed by the provider (see ../transcribe.ts), which reads these formats. */
export const MEDIA_EXTENSIONS = new Set(["mp3", "mp4", "mpeg", "mpg", "mpga", "m4a", "wav", "webm"]);
/** Video containers the provider's speech-to-text does not read. */
const UNTRANSCRIBABLE_MEDIA = new Set(["mov", "avi"]);

/** Richer formats: the name used in error messages and the parser that turns bytes into a document. */
const DOCUMENT_FORMATS: Record<
  string,
  { format: string; parse: (name: string, bytes: Uint8Array) => ParsedDocument | Promise<ParsedDocument> }
> = {
  html: { format: "HTML", parse: parseHtmlFile },
  htm: { format: "HTML", parse: parseHtmlFile },
  xhtml: { format: "HTML", parse: parseHtmlFile },
  pdf: { format: "PDF", parse: parsePdf },
  docx: { format: "a Word document (.docx)", parse: parseDocx },
  pptx: { format: "a PowerPoint presentation (.pptx)", parse: parsePptx },
  xlsx: { format: "an Excel workbook (.xlsx)", parse: parseXlsx },
};
const MAX_REASON_CHARS = 200; // library error messages are for logs; users get a short one

export function extensionOf(name: string): string {
  const base = name.split("/").pop() ?? name;
  const dot = base.lastIndexOf(".");
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : "";
}

/** Whether a file of this name can become a source at all (checked before anything is stored). */
export function checkSupported(name: string, canTranscribe: boolean): ParseError | null {
  const extension = extensionOf(name);
  if (TEXT_EXTENSIONS.has(extension) || Object.hasOwn(DOCUMENT_FORMATS, extension)) return null;
  if (extension === "xls") {
    return {
      code: "unsupported_type",
      message: "Legacy .xls spreadsheets are not supported: save the sheet as .xlsx or .csv and upload that.",
    };
  }
  if (MEDIA_EXTENSIONS.has(extension) || UNTRANSCRIBABLE_MEDIA.has(extension)) {
    if (!canTranscribe)
      return {
        code: "needs_transcription",
        message: "Audio and video need a speech-to-text provider: set OPENAI_API_KEY to upload them.",
      };
    if (UNTRANSCRIBABLE_MEDIA.has(extension)) {
      return {
        code: "unsupported_type",
        message:
          `.${extension} video cannot be transcribed: convert it to .mp4, .webm or an audio file (.mp3, ` +
          `.m4a, .wav) and upload that.`,
      };
    }
    return null;
  }
  return { code: "unsupported_type", message: `Files of type .${extension || "(none)"} are not supported.` };
}

function parseHtmlFile(name: string, bytes: Uint8Array): ParsedDocument {
  const { title, markdown } = htmlToDocument(decodeHtml(bytes));
  return { title: title || titleFromName(name), markdown };
}

/** Parses a stored file; never throws: a file that cannot be read gives `unreadable_file`. */
export async function parseFile(name: string, bytes: Uint8Array): Promise<ParseResult> {
  const extension = extensionOf(name);
  const document = Object.hasOwn(DOCUMENT_FORMATS, extension) ? DOCUMENT_FORMATS[extension] : undefined;
  if (document) {
    try {
      const parsed = await document.parse(name, bytes);
      if (!parsed.markdown.trim())
        return unreadable(
          `${name} has no text to index${extension === "pdf" ? " (a scanned PDF needs text recognition first)" : ""}.`,
        );
      return { ok: true, document: parsed };
    } catch (error) {
      const reason =
        (error instanceof Error ? error.message : String(error))
          .replace(/\s+/g, " ")
          .trim()
          .slice(0, MAX_REASON_CHARS) || "unknown error";
      return unreadable(`${name} could not be read as ${document.format}: ${reason}`);
    }
  }
  if (!TEXT_EXTENSIONS.has(extension)) {
    return {
      ok: false,
      error: checkSupported(name, false) ?? {
        code: "unsupported_type",
        message: `Files of type .${extension} are not supported yet.`,
      },
    };
  }
  const text = parseText(name, extension, bytes);
  if (!text) return unreadable(`${name} is not valid UTF-8 text.`);
  return { ok: true, document: text };
}

const unreadable = (message: string): ParseResult => ({ ok: false, error: { code: "unreadable_file", message } });
