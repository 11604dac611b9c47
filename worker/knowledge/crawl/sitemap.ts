/**
 * Sitemaps: the page URLs a site lists in sitemap.xml files, following sitemap indexes (nested
 * sitemaps) and gzip-compressed sitemaps, within caps on files, URLs and bytes. Every fetch goes
 * through the outbound-fetch guard.
 */
import { Parser } from "htmlparser2";
import { safeFetch } from "../../lib/safe-fetch";

export const MAX_SITEMAP_FILES = 20; // a sitemap index of a help center names a handful; more is a trap or a huge shop
const MAX_SITEMAP_BYTES = 10 * 1024 * 1024; // the protocol's own limit for one (uncompressed) sitemap is 50 MB; ours is smaller
const SITEMAP_TIMEOUT_MS = 15_000;
const GZIP_MAGIC = [0x1f, 0x8b];

export type SitemapEntries = { pages: string[]; sitemaps: string[] };

/** The `<loc>` URLs of one sitemap file: pages of a `<urlset>`, nested sitemaps of a `<sitemapindex>`. */
export function parseSitemap(xml: string): SitemapEntries {
  const pages: string[] = [];
  const sitemaps: string[] = [];
  let parent: "url" | "sitemap" | null = null;
  let loc: string | null = null;
  const local = (name: string) => name.slice(name.indexOf(":") + 1).toLowerCase(); // "sm:loc" → "loc"
  const parser = new Parser(
    {
      onopentag(name) {
        const tag = local(name);
        if (tag === "url" || tag === "sitemap") parent = tag;
        else if (tag === "loc" && parent) loc = "";
      },
      ontext(text) {
        if (loc !== null) loc += text;
      },
      onclosetag(name) {
        const tag = local(name);
        if (tag === "loc" && loc !== null) {
          const value = loc.trim();
          if (value) (parent === "sitemap" ? sitemaps : pages).push(value);
          loc = null;
        } else if (tag === "url" || tag === "sitemap") parent = null;
      },
    },
    { xmlMode: true, decodeEntities: true },
  );
  parser.write(xml);
  parser.end();
  return { pages, sitemaps };
}

async function gunzip(bytes: Uint8Array, maxBytes: number): Promise<Uint8Array | null> {
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
  const reader = stream.getReader();
  const parts: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) {
        await reader.cancel();
        return null; // a decompression bomb, or simply too big
      }
      parts.push(value);
    }
  } catch {
    return null;
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.byteLength;
  }
  return out;
}

/** One sitemap file's text, decompressed when it is gzip; null when it cannot be read (a missing sitemap is normal). */
async function fetchSitemapText(env: Pick<Env, "ALLOW_LOOPBACK_FETCH">, url: string): Promise<string | null> {
  try {
    const response = await safeFetch(env, url, {
      maxBytes: MAX_SITEMAP_BYTES,
      timeoutMs: SITEMAP_TIMEOUT_MS,
      accept: "application/xml,text/xml,*/*",
    });
    if (response.status !== 200) return null;
    let body: Uint8Array | null = response.body;
    if (body[0] === GZIP_MAGIC[0] && body[1] === GZIP_MAGIC[1]) body = await gunzip(body, MAX_SITEMAP_BYTES);
    return body ? new TextDecoder().decode(body) : null;
  } catch {
    return null;
  }
}

/**
 * The page URLs listed by `roots` (sitemap URLs, e.g. from robots.txt) and the indexes they name,
 * breadth first, keeping those `accept` approves, until `maxPages` are found or MAX_SITEMAP_FILES are read.
 */
export async function collectSitemapPages(
  env: Pick<Env, "ALLOW_LOOPBACK_FETCH">,
  roots: string[],
  maxPages: number,
  accept: (url: string) => boolean = () => true,
): Promise<string[]> {
  const pages = new Set<string>();
  const queue = [...new Set(roots)];
  const seen = new Set(queue);
  for (let read = 0; queue.length > 0 && read < MAX_SITEMAP_FILES && pages.size < maxPages; read++) {
    const url = queue.shift() as string;
    const xml = await fetchSitemapText(env, url);
    if (!xml) continue;
    const entries = parseSitemap(xml);
    for (const page of entries.pages) {
      if (pages.size >= maxPages) break;
      if (accept(page)) pages.add(page);
    }
    for (const nested of entries.sitemaps) {
      let absolute: string;
      try {
        absolute = new URL(nested, url).href;
      } catch {
        continue;
      }
      if (!seen.has(absolute)) {
        seen.add(absolute);
        queue.push(absolute);
      }
    }
  }
  return [...pages];
}
