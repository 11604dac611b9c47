/**
 * The Office file parsers, run inside workerd: real .docx, .pptx and .xlsx files (built here from
 * their minimal valid parts) become a title and Markdown; corrupt ones give `unreadable_file`
 * instead of throwing.
 */
import { strToU8, zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { parseFile } from "./";
import { document } from "./parsers-test-support";

const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';
const A = 'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"';
const P = 'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"';
const R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
const S = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
const RELS = 'xmlns="http://schemas.openxmlformats.org/package/2006/relationships"';
const XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

function zip(parts: Record<string, string>): Uint8Array {
  return zipSync(Object.fromEntries(Object.entries(parts).map(([path, xml]) => [path, strToU8(xml)])));
}

const paragraph = (text: string, style?: string, extra = "") =>
  `<w:p><w:pPr>${style ? `<w:pStyle w:val="${style}"/>` : ""}${extra}</w:pPr><w:r>` +
  `<w:t xml:space="preserve">${text}</w:t></w:r></w:p>`;

function docx(body: string, core?: string): Uint8Array {
  return zip({
    "[Content_Types].xml":
      `${XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
      `<Default Extension="xml" ContentType="application/xml"/>` +
      `<Override PartName="/word/document.xml" ` +
      `ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`,
    "word/document.xml": `${XML}<w:document ${W}><w:body>${body}<w:sectPr/></w:body></w:document>`,
    // "berschrift2" is how a German Word names its Heading 2 style id: the style's name decides.
    "word/styles.xml":
      `${XML}<w:styles ${W}><w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/></w:style>` +
      `<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/></w:style>` +
      `<w:style w:type="paragraph" w:styleId="berschrift2"><w:name w:val="heading 2"/></w:style>` +
      `<w:style w:type="paragraph" w:styleId="ListParagraph"><w:name w:val="List Paragraph"/></w:style></w:styles>`,
    ...(core
      ? {
          "docProps/core.xml":
            `${XML}<cp:coreProperties ` +
            `xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ` +
            `xmlns:dc="http://purl.org/dc/elements/1.1/">` +
            `<dc:title>${core}</dc:title></cp:coreProperties>`,
        }
      : {}),
  });
}

const slide = (title: string, lines: string[]) =>
  `${XML}<p:sld ${A} ${P} ${R}><p:cSld><p:spTree>` +
  `<p:sp><p:nvSpPr><p:cNvPr id="2" name="Title 1"/><p:cNvSpPr/><p:nvPr><p:ph type="title"/></p:nvPr>` +
  `</p:nvSpPr><p:txBody><a:bodyPr/><a:p><a:r><a:t>${title}</a:t></a:r></a:p></p:txBody></p:sp>` +
  `<p:sp><p:nvSpPr><p:cNvPr id="3" name="Content 2"/><p:cNvSpPr/><p:nvPr><p:ph idx="1"/></p:nvPr>` +
  `</p:nvSpPr><p:txBody><a:bodyPr/>` +
  `${lines.map((line) => `<a:p><a:r><a:t>${line}</a:t></a:r></a:p>`).join("")}</p:txBody></p:sp>` +
  "</p:spTree></p:cSld></p:sld>";

function pptx(): Uint8Array {
  // slide2.xml is shown first: the presentation's slide list decides the order, not file names.
  return zip({
    "ppt/presentation.xml":
      `${XML}<p:presentation ${P} ${R}><p:sldIdLst><p:sldId id="256" r:id="rId3"/>` +
      `<p:sldId id="257" r:id="rId2"/></p:sldIdLst></p:presentation>`,
    "ppt/_rels/presentation.xml.rels":
      `${XML}<Relationships ${RELS}>` +
      `<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/slide" ` +
      `Target="slides/slide1.xml"/>` +
      `<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/slide" ` +
      `Target="slides/slide2.xml"/></Relationships>`,
    "ppt/slides/slide2.xml": slide("Welcome to Acme", ["Boards for every rider", "Since 2009 &amp; counting"]),
    "ppt/slides/slide1.xml": slide("Shipping", ["Free over $50", "Arrives in 3 days"]),
  });
}

function xlsx(): Uint8Array {
  return zip({
    "xl/workbook.xml":
      `${XML}<workbook ${S} ${R}><sheets><sheet name="Price list" sheetId="1" r:id="rId1"/>` +
      `<sheet name="Empty" sheetId="2" r:id="rId2"/><sheet name="Stores" sheetId="3" r:id="rId3"/></sheets></workbook>`,
    "xl/_rels/workbook.xml.rels":
      `${XML}<Relationships ${RELS}>` +
      `<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" ` +
      `Target="worksheets/sheet1.xml"/>` +
      `<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" ` +
      `Target="worksheets/sheet2.xml"/>` +
      `<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" ` +
      `Target="/xl/worksheets/sheet3.xml"/></Relationships>`,
    "xl/sharedStrings.xml":
      `${XML}<sst ${S} count="5" uniqueCount="5"><si><t>Product</t></si><si><t>Price</t></si><si><r>` +
      `<t>Street </t></r><r><t>deck</t></r></si><si><t>Pro | deck</t><rPh sb="0" eb="1"><t>ignored</t>` +
      `</rPh></si><si><t>City</t></si></sst>`,
    "xl/worksheets/sheet1.xml":
      `${XML}<worksheet ${S}><sheetData><row r="1"><c r="B1" t="s"><v>0</v></c><c r="C1" t="s"><v>1</v></c>` +
      `<c r="D1" t="inlineStr"><is><t>In stock</t></is></c></row><row r="2"><c r="B2" t="s"><v>2</v></c>` +
      `<c r="C2"><v>49.5</v></c><c r="D2" t="b"><v>1</v></c></row><row r="3"/><row r="4"><c r="B4" t="s">` +
      `<v>3</v></c><c r="C4"><f>C2*2</f><v>99</v></c><c r="D4" t="b"><v>0</v></c></row></sheetData></worksheet>`,
    "xl/worksheets/sheet2.xml": `${XML}<worksheet ${S}><sheetData/></worksheet>`,
    "xl/worksheets/sheet3.xml":
      `${XML}<worksheet ${S}><sheetData><row r="1"><c r="A1" t="s"><v>4</v></c></row><row r="2">` +
      `<c r="A2" t="str"><v>Lisbon</v></c></row></sheetData></worksheet>`,
  });
}

describe("Word documents", () => {
  const body = [
    paragraph("Rider handbook", "Title"),
    paragraph("Welcome aboard. This handbook covers care and repairs."),
    paragraph("Care", "Heading1"),
    `<w:p><w:r><w:t>Wipe the deck</w:t></w:r><w:r><w:tab/><w:t xml:space="preserve">after </w:t></w:r>` +
      `<w:r><w:t>every ride.</w:t></w:r><w:del><w:r><w:delText>removed words</w:delText></w:r></w:del></w:p>`,
    paragraph("Checklist", "berschrift2"),
    paragraph("Check the wheels", "ListParagraph", '<w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>'),
    paragraph("Check the bolts", "ListParagraph", '<w:numPr><w:ilvl w:val="1"/><w:numId w:val="1"/></w:numPr>'),
    `<w:tbl><w:tr><w:tc>${paragraph("Part")}</w:tc><w:tc>${paragraph("Interval")}</w:tc></w:tr><w:tr>` +
      `<w:tc>${paragraph("Bearings | wheels")}</w:tc><w:tc>${paragraph("6 months")}</w:tc></w:tr></w:tbl>`,
    paragraph("&lt;script&gt;alert(1)&lt;/script&gt; is just text here"),
  ].join("");

  it("turns heading and title styles into headings, lists into items and tables into tables", async () => {
    const { title, markdown } = document(await parseFile("handbook.docx", docx(body)));
    expect(title).toBe("Rider handbook");
    expect(markdown).toBe(
      [
        "# Rider handbook",
        "Welcome aboard. This handbook covers care and repairs.",
        "# Care",
        "Wipe the deck after every ride.",
        "## Checklist",
        "- Check the wheels\n  - Check the bolts",
        "| Part | Interval |\n| --- | --- |\n| Bearings \\| wheels | 6 months |",
        "<script>alert(1)</script> is just text here",
      ].join("\n\n"),
    );
  });

  it("prefers the document properties' title", async () => {
    expect(document(await parseFile("handbook.docx", docx(body, "Handbook 2026"))).title).toBe("Handbook 2026");
  });

  it("reports a corrupt file or a ZIP without a document as unreadable", async () => {
    const corrupt = await parseFile("broken.docx", strToU8("PK\u0003\u0004 not a zip at all"));
    expect(corrupt).toMatchObject({ ok: false, error: { code: "unreadable_file" } });
    expect(!corrupt.ok && corrupt.error.message).toMatch(
      /^broken\.docx could not be read as a Word document \(\.docx\): /,
    );
    const notWord = await parseFile("other.docx", zip({ "hello.txt": "hi" }));
    expect(!notWord.ok && notWord.error).toEqual({
      code: "unreadable_file",
      message: "other.docx could not be read as a Word document (.docx): it has no word/document.xml",
    });
  });
});

describe("PowerPoint presentations", () => {
  it("gives each slide a section in presentation order, headed by its title", async () => {
    const { title, markdown } = document(await parseFile("deck.pptx", pptx()));
    expect(title).toBe("Welcome to Acme");
    expect(markdown).toBe(
      "## Slide 1: Welcome to Acme\n\nBoards for every rider\n\nSince 2009 & counting\n\n" +
        "## Slide 2: Shipping\n\nFree over $50\n\nArrives in 3 days",
    );
  });

  it("reports a corrupt presentation as unreadable", async () => {
    const bytes = pptx().slice(0, 200);
    expect(await parseFile("deck.pptx", bytes)).toMatchObject({ ok: false, error: { code: "unreadable_file" } });
    expect(await parseFile("empty.pptx", zip({ "a.xml": "<a/>" }))).toMatchObject({
      ok: false,
      error: { code: "unreadable_file" },
    });
  });
});

describe("Excel workbooks", () => {
  it("gives each sheet with data a Markdown table, in workbook order", async () => {
    const { title, markdown } = document(await parseFile("prices.xlsx", xlsx()));
    expect(title).toBe("prices");
    expect(markdown).toBe(
      [
        "## Price list",
        "| Product | Price | In stock |\n| --- | --- | --- |\n| Street deck | 49.5 | TRUE |\n| Pro \\| deck | 99 | FALSE |",
        "## Stores",
        "| City |\n| --- |\n| Lisbon |",
      ].join("\n\n"),
    );
  });

  it("reports a corrupt workbook as unreadable", async () => {
    const bytes = xlsx();
    bytes.fill(0, 30, 200); // damages the first entry's compressed data and the headers after it
    const result = await parseFile("prices.xlsx", bytes);
    expect(result).toMatchObject({ ok: false, error: { code: "unreadable_file" } });
    expect(!result.ok && result.error.message).toMatch(
      /^prices\.xlsx could not be read as an Excel workbook \(\.xlsx\): /,
    );
  });
});
