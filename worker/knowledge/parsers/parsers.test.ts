/**
 * File parsers for file sources, run inside workerd: the supported formats, and real HTML and PDF
 * files (the PDF built here with its cross-reference table) become a title and Markdown; a corrupt
 * PDF gives `unreadable_file` instead of throwing; Markdown is titled by its first heading. The
 * Office formats (.docx, .pptx, .xlsx) are in office.test.ts.
 */
import { strToU8 } from "fflate";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkSupported, parseFile } from "./";
import { document } from "./parsers-test-support";
import { parseText } from "./text";

/** A minimal valid PDF (Helvetica, one page, two lines of text) with its cross-reference table computed. */
function pdf(lines: string[], title: string | null): Uint8Array {
  const content = `BT /F1 18 Tf 72 720 Td ${lines.map((line, i) => `${i ? "0 -28 Td " : ""}(${line}) Tj`).join(" ")} ET`;
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ...(title ? [`<< /Title (${title}) >>`] : []),
  ];
  let out = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  out += offsets.map((offset) => `${String(offset).padStart(10, "0")} 00000 n \n`).join("");
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R${title ? ` /Info ${objects.length} 0 R` : ""} >>\n`;
  out += `startxref\n${xref}\n%%EOF\n`;
  return strToU8(out);
}

describe("supported formats", () => {
  it("accepts the document formats before anything is stored", () => {
    for (const name of ["a.html", "b.HTM", "c.xhtml", "d.pdf", "e.docx", "f.pptx", "g.xlsx"])
      expect(checkSupported(name, false)).toBeNull();
    expect(checkSupported("old.doc", false)?.code).toBe("unsupported_type");
  });
});

describe("HTML files", () => {
  const page = `<!doctype html><html><head><title>Store hours – Acme</title><style>p { color: red }</style>
    <script>document.cookie = "stolen"</script></head><body>
    <header>Acme shop</header><nav><a href="/">Home</a></nav>
    <h1>Store hours</h1><p>We are open <b>every</b> day.</p>
    <h2>Holidays</h2><ul><li>Closed on 25 December</li><li>Short hours on 31 December</li></ul>
    <img src="x" onerror="alert('xss')" alt="">
    <p onclick="steal()">Ask us anything.</p><a href="javascript:alert(1)">Click me</a>
    <iframe src="https://evil.example"></iframe><form><input name="q"></form>
    <aside>Newsletter</aside><footer>© Acme</footer></body></html>`;

  it("keeps headings, paragraphs and lists as Markdown, titled by the first h1", async () => {
    const { title, markdown } = document(await parseFile("hours.html", strToU8(page)));
    expect(title).toBe("Store hours");
    expect(markdown).toContain(
      "# Store hours\n\nWe are open every day.\n\n## Holidays\n\n- Closed on 25 December\n- Short hours on 31 December",
    );
    expect(markdown).toContain("Ask us anything.");
  });

  it("drops scripts, styles, event handlers, navigation, headers, footers, asides and forms", async () => {
    const { markdown } = document(await parseFile("hours.htm", strToU8(page)));
    for (const unwanted of [
      "<",
      "script",
      "stolen",
      "color: red",
      "onerror",
      "alert",
      "onclick",
      "steal",
      "javascript:",
      "evil.example",
      "Acme shop",
      "Home",
      "Newsletter",
      "© Acme",
    ]) {
      expect(markdown).not.toContain(unwanted);
    }
  });

  it("takes the title from <title> without an h1, then from the file name; reads the meta charset", async () => {
    const latin1 = new Uint8Array([
      ...strToU8('<html><head><meta charset="iso-8859-1"><title>Caf'),
      0xe9,
      ...strToU8(" menu</title></head><body><p>Cr"),
      0xe8,
      ...strToU8("me br&ucirc;l&eacute;e</p></body></html>"),
    ]);
    expect(document(await parseFile("menu.xhtml", latin1))).toEqual({ title: "Café menu", markdown: "Crème brûlée" });
    expect(document(await parseFile("help/opening-times.html", strToU8("<p>Nine to five.</p>"))).title).toBe(
      "opening times",
    );
  });
});

describe("PDF files", () => {
  it("reads the text layer and the document title", async () => {
    const { title, markdown } = document(
      await parseFile("warranty.pdf", pdf(["Two year warranty", "Keep your receipt"], "Warranty terms")),
    );
    expect(title).toBe("Warranty terms");
    expect(markdown).toContain("Two year warranty");
    expect(markdown).toContain("Keep your receipt");
    expect(markdown.indexOf("Two year warranty")).toBeLessThan(markdown.indexOf("Keep your receipt"));
  });

  it("titles an untitled PDF by its file name", async () => {
    expect(document(await parseFile("docs/care-guide.pdf", pdf(["Wax monthly"], null))).title).toBe("care guide");
  });

  it("reports a corrupt or text-less PDF as unreadable", async () => {
    const corrupt = await parseFile("broken.pdf", strToU8("%PDF-1.4\nthis is not really a PDF"));
    expect(corrupt).toMatchObject({ ok: false, error: { code: "unreadable_file" } });
    expect(!corrupt.ok && corrupt.error.message).toMatch(/^broken\.pdf could not be read as PDF: /);
    const empty = await parseFile("scan.pdf", pdf([], null));
    expect(empty).toMatchObject({ ok: false, error: { code: "unreadable_file" } });
    expect(!empty.ok && empty.error.message).toMatch(/no text/);
  });
});

describe("Markdown titles from the first heading (issue 13)", () => {
  /** The multiline regular expression text.ts used before, as a reference on short bodies. */
  const REFERENCE_FIRST_HEADING = /^#{1,2}[ \t]+(.+?)[ \t#]*$/m;
  const RUNS = 3_000; // bodies of up to 16 characters from 7: several lines, levels and line breaks
  const markdownTitle = (body: string) => parseText("notes.md", "md", strToU8(body))?.title;

  it("finds the same title as the old regular expression did", () => {
    const body = fc.string({ unit: fc.constantFrom("#", " ", "\t", "a", "\n", "\r", "\u2028"), maxLength: 16 });
    fc.assert(
      fc.property(body, (b) => {
        expect(markdownTitle(b)).toBe((REFERENCE_FIRST_HEADING.exec(b)?.[1] || "notes").trim());
      }),
      { numRuns: RUNS },
    );
  });

  it("reads a first heading of many closing-looking hashes without backtracking", () => {
    const title = `a${" #".repeat(80_000)} b`;
    expect(markdownTitle(`## ${title}\n\nBody.`)).toBe(title);
  }, 2_000); // the linear reading takes milliseconds; the regular expression took over 30 s
});
