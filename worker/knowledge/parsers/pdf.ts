/**
 * PDF files as Markdown: each page's text layer (via unpdf's serverless build of pdf.js, which
 * runs inside workerd without a worker thread), pages separated by blank lines; the title from
 * the document information dictionary when it has one.
 */
import { extractText, getDocumentProxy, getMeta } from "unpdf";
import { titleFromName, type ParsedDocument } from "./text";

const MAX_TITLE_CHARS = 300; // a title is a line, not a paragraph
const PDFJS_ERRORS_ONLY = 0; // pdf.js VerbosityLevel.ERRORS: its warnings about damaged but readable files are noise in logs

export async function parsePdf(name: string, bytes: Uint8Array): Promise<ParsedDocument> {
  // pdf.js takes ownership of (detaches) the buffer it is given: hand it a copy.
  const pdf = await getDocumentProxy(bytes.slice(), { verbosity: PDFJS_ERRORS_ONLY });
  try {
    const { text } = await extractText(pdf, { mergePages: false });
    const pages = text
      .map((page) =>
        page
          .replace(/[^\S\n]+/g, " ")
          .replace(/ ?\n ?/g, "\n")
          .replace(/\n{3,}/g, "\n\n")
          .trim(),
      )
      .filter(Boolean);
    const { info } = await getMeta(pdf);
    const infoTitle: unknown = (info as Record<string, unknown>).Title;
    const title = typeof infoTitle === "string" ? infoTitle.replace(/\s+/g, " ").trim().slice(0, MAX_TITLE_CHARS) : "";
    return { title: title || titleFromName(name), markdown: pages.join("\n\n") };
  } finally {
    await pdf.loadingTask.destroy(); // frees the in-process pdf.js "worker" and its caches
  }
}
