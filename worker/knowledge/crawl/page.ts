/**
 * A crawled HTML page as a document: title, readable Markdown (headings, paragraphs, list items;
 * no scripts, styles or site chrome), its links resolved against the page URL, and its canonical
 * URL. Uses the Workers runtime's streaming HTMLRewriter, so no parser ships in the bundle.
 */

export type Page = { title: string; markdown: string; links: string[]; canonical: string | null };

const SKIPPED = "script, style, noscript, template, nav, header, footer, aside, form, svg"; // chrome and code, not content
const BLOCKS = ["p", "li", "td", "th", "pre", "blockquote", "dt", "dd"] as const;
const HEADINGS = ["h1", "h2", "h3", "h4", "h5", "h6"] as const;

export async function extractPage(html: string, pageUrl: string): Promise<Page> {
  const lines: string[] = [];
  const links: string[] = [];
  let title = "";
  let canonical: string | null = null;
  let current = "";
  let skipDepth = 0;
  let inTitle = false;

  const flush = (prefix = "") => {
    const text = current.replace(/\s+/g, " ").trim();
    if (text) lines.push(prefix + text);
    current = "";
  };

  const rewriter = new HTMLRewriter()
    .on("title", {
      element: (el) => {
        inTitle = true;
        el.onEndTag(() => {
          inTitle = false;
        });
      },
    })
    .on(SKIPPED, {
      element: (el) => {
        skipDepth++;
        el.onEndTag(() => void skipDepth--);
      },
    })
    .on('link[rel="canonical"]', {
      element: (el) => {
        canonical = el.getAttribute("href");
      },
    })
    .on("a[href]", { element: (el) => void links.push(el.getAttribute("href") ?? "") })
    .on("br", {
      element: () => {
        current += " ";
      },
    });
  for (const tag of HEADINGS) {
    rewriter.on(tag, {
      element: (el) => {
        flush();
        el.onEndTag(() => flush(`${"#".repeat(Number(tag.slice(1)))} `));
      },
    });
  }
  for (const tag of BLOCKS) {
    rewriter.on(tag, {
      element: (el) => {
        flush();
        el.onEndTag(() => flush(tag === "li" ? "- " : ""));
      },
    });
  }
  rewriter.onDocument({
    text: (chunk) => {
      if (inTitle) title += chunk.text;
      else if (skipDepth === 0) current += chunk.text;
    },
  });
  await rewriter.transform(new Response(html)).text();
  flush();

  const resolve = (href: string) => {
    try {
      const url = new URL(href, pageUrl);
      url.hash = "";
      return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
    } catch {
      return null;
    }
  };
  const h1 = lines.find((line) => line.startsWith("# "))?.slice(2);
  return {
    title: decodeEntities(title.replace(/\s+/g, " ").trim()) || h1 || new URL(pageUrl).pathname,
    markdown: decodeEntities(lines.join("\n\n")),
    links: [...new Set(links.map(resolve).filter((u): u is string => u !== null))],
    canonical: canonical ? resolve(canonical) : null,
  };
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " };

/** Text chunks from HTMLRewriter keep entities; readable text wants them decoded (as text, never as markup). */
function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name.startsWith("#x") || name.startsWith("#X")) return String.fromCodePoint(Number.parseInt(name.slice(2), 16));
    if (name.startsWith("#")) return String.fromCodePoint(Number(name.slice(1)));
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}
