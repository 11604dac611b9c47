/**
 * PowerPoint presentations (.pptx) as Markdown: one "## Slide N" section per slide, in
 * presentation order, headed by the slide's title placeholder and followed by its other text.
 */
import { titleFromName, type ParsedDocument } from "./text";
import {
  collapseSpaces,
  coreTitle,
  CORE_PROPERTIES,
  decodeXml,
  readRelationships,
  requirePart,
  unzipParts,
  walkXml,
} from "./zip-xml";

const PRESENTATION = "ppt/presentation.xml";
const PRESENTATION_RELS = "ppt/_rels/presentation.xml.rels";
const SLIDE = /^ppt\/slides\/slide(\d+)\.xml$/;
const TITLE_PLACEHOLDERS = new Set(["title", "ctrTitle"]);

type Slide = { title: string; paragraphs: string[] };

/** Slide part paths in presentation order; slides the presentation does not list follow by number. */
function slideOrder(parts: Map<string, Uint8Array>): string[] {
  const slides = [...parts.keys()].filter((path) => SLIDE.test(path));
  const number = (path: string) => Number(SLIDE.exec(path)?.[1] ?? "0");
  slides.sort((a, b) => number(a) - number(b));
  const presentation = parts.get(PRESENTATION);
  if (!presentation) return slides;
  const targets = readRelationships(parts, PRESENTATION_RELS, "ppt");
  const ordered: string[] = [];
  walkXml(decodeXml(presentation), {
    open(name, attributes) {
      const path = name === "p:sldId" ? targets.get(attributes["r:id"] ?? "") : undefined;
      if (path && parts.has(path) && !ordered.includes(path)) ordered.push(path);
    },
  });
  return [...ordered, ...slides.filter((path) => !ordered.includes(path))];
}

function readSlide(xml: string): Slide {
  const slide: Slide = { title: "", paragraphs: [] };
  let shapeIsTitle = false;
  let paragraph: string | null = null;
  let inText = false;
  walkXml(xml, {
    open(name, attributes) {
      if (name === "p:sp") shapeIsTitle = false;
      else if (name === "p:ph" && TITLE_PLACEHOLDERS.has(attributes.type ?? "")) shapeIsTitle = true;
      else if (name === "a:p") paragraph = "";
      else if (name === "a:t") inText = true;
      else if (name === "a:br" && paragraph !== null) paragraph += "\n";
    },
    text(text) {
      if (inText && paragraph !== null) paragraph += text;
    },
    close(name) {
      if (name === "a:t") inText = false;
      else if (name === "a:p" && paragraph !== null) {
        const text = paragraph
          .replace(/[^\S\n]+/g, " ")
          .replace(/ ?\n ?/g, "\n")
          .trim();
        paragraph = null;
        if (!text) return;
        if (shapeIsTitle) slide.title = collapseSpaces(`${slide.title} ${text}`);
        else slide.paragraphs.push(text);
      } else if (name === "p:sp") shapeIsTitle = false;
    },
  });
  return slide;
}

export function parsePptx(name: string, bytes: Uint8Array): ParsedDocument {
  const parts = unzipParts(
    bytes,
    (path) => SLIDE.test(path) || path === PRESENTATION || path === PRESENTATION_RELS || path === CORE_PROPERTIES,
  );
  const order = slideOrder(parts);
  if (order.length === 0) requirePart(parts, PRESENTATION); // throws when this is no presentation at all
  const slides = order.map((path) => readSlide(requirePart(parts, path)));
  const sections = slides.map((slide, i) => {
    const heading = `## Slide ${i + 1}${slide.title ? `: ${slide.title}` : ""}`;
    return [heading, ...slide.paragraphs].join("\n\n");
  });
  const title = coreTitle(parts) ?? slides.find((slide) => slide.title)?.title ?? titleFromName(name);
  return { title, markdown: sections.join("\n\n") };
}
