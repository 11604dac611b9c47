/**
 * A generated web site on 127.0.0.1 for crawler tests and the crawl benchmark: `pages` pages in a
 * tree (page n links to its ten children, its parent and the home page), each with its own text,
 * listed by a sitemap index that names a plain and a gzip-compressed sitemap; plus a few special
 * pages outside the tree (robots meta tags, a legacy charset). `GET /__stats` counts the requests for
 * the tree's pages. Node only.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";

const LOOPBACK_HOST = "127.0.0.1";
const CHILDREN = 10; // a wide tree keeps the crawl's frontier full, as real help centers are

export type GeneratedSite = { url: string; pages: number; requests: () => number; close: () => Promise<void> };
/** What `GET /__stats` answers: requests for the tree's pages, and how many distinct pages they were (read by tests in workerd). */
export type SiteStats = { pageRequests: number; distinctPages: number };

const pagePath = (n: number) => (n === 0 ? "/" : `/p/${n}`);

export type SiteOptions = {
  /** Every page has the same article text (only its links differ): a crawl fetches each page but indexes one. */
  sameText?: boolean;
};

function page(n: number, pages: number, options: SiteOptions): string {
  if (options.sameText) return samePage(n, pages);
  const children = Array.from({ length: CHILDREN }, (_, i) => n * CHILDREN + i + 1).filter((c) => c < pages);
  const links = [0, Math.max(0, Math.floor((n - 1) / CHILDREN)), ...children]
    .map((c) => `<li><a href="${pagePath(c)}">Page ${c}</a></li>`)
    .join("");
  return `<!doctype html><html lang="en"><head><title>Page ${n}</title></head><body>
<nav><ul>${links}</ul></nav>
<main><h1>Article ${n}</h1><p>This is generated article number ${n} about topic ${n % 97}.</p>
<h2>Details</h2><p>Answer ${n}: the part number is P-${n * 7919} and it ships in ${(n % 9) + 1} days.</p></main>
</body></html>`;
}

/** A page whose article is the same on every page: what a crawl cap test needs, fetched fast, indexed once. */
function samePage(n: number, pages: number): string {
  const children = Array.from({ length: CHILDREN }, (_, i) => n * CHILDREN + i + 1).filter((c) => c < pages);
  const links = children.map((c) => `<a href="${pagePath(c)}">Page ${c}</a>`).join(" ");
  return (
    `<!doctype html><html lang="en"><head><title>Mirror</title></head><body><nav>${links}</nav><main>` +
    `<h1>Mirror</h1><p>The same words on every page.</p></main></body></html>`
  );
}

function urlset(origin: string, from: number, to: number): string {
  const urls = [];
  for (let n = from; n < to; n++) urls.push(`<url><loc>${origin}${pagePath(n)}</loc></url>`);
  return (
    `<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` +
    `${urls.join("")}</urlset>`
  );
}

/** Starts the site with `pages` pages (0 … pages-1); close() stops it. */
export async function startGeneratedSite(pages: number, options: SiteOptions = {}): Promise<GeneratedSite> {
  let requests = 0;
  const pageHits = new Map<number, number>();
  let origin = "";
  const half = Math.ceil(pages / 2);
  const server = createServer((req, res) => {
    requests++;
    const url = new URL(req.url ?? "/", `http://${LOOPBACK_HOST}`);
    const n = url.pathname === "/" ? 0 : Number(/^\/p\/(\d+)$/.exec(url.pathname)?.[1] ?? Number.NaN);
    if (url.pathname === "/__stats") {
      const stats: SiteStats = {
        pageRequests: [...pageHits.values()].reduce((a, b) => a + b, 0),
        distinctPages: pageHits.size,
      };
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(stats));
    } else if (url.pathname === "/robots.txt") {
      res
        .writeHead(200, { "content-type": "text/plain" })
        .end(`User-agent: *\nDisallow: /p/*?print\nSitemap: ${origin}/sitemap-index.xml\n`);
    } else if (url.pathname === "/sitemap-index.xml") {
      const body =
        `<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap>` +
        `<loc>${origin}/sitemaps/first.xml</loc></sitemap><sitemap><loc>/sitemaps/second.xml.gz</loc>` +
        `</sitemap></sitemapindex>`;
      res.writeHead(200, { "content-type": "application/xml" }).end(body);
    } else if (url.pathname === "/sitemaps/first.xml") {
      res.writeHead(200, { "content-type": "application/xml" }).end(urlset(origin, 0, half));
    } else if (url.pathname === "/sitemaps/second.xml.gz") {
      res.writeHead(200, { "content-type": "application/gzip" }).end(gzipSync(urlset(origin, half, pages)));
    } else if (url.pathname === "/special/noindex") {
      res
        .writeHead(200, { "content-type": "text/html" })
        .end(
          '<meta name="robots" content="noindex"><h1>Drafts</h1><p>Not for search engines.</p><a href="/p/1">one</a>',
        );
    } else if (url.pathname === "/special/nofollow") {
      res
        .writeHead(200, { "content-type": "text/html" })
        .end(
          '<meta name="robots" content="nofollow"><h1>Index only</h1>' +
            '<p>Read me, but follow none of my links.</p><a href="/p/1">one</a>',
        );
    } else if (url.pathname === "/special/latin1") {
      const body = Buffer.concat([
        Buffer.from("<h1>Caf"),
        Buffer.from([0xe9]),
        Buffer.from(" menu</h1><p>Cr"),
        Buffer.from([0xe8]),
        Buffer.from("me br"),
        Buffer.from([0xfb]),
        Buffer.from("l"),
        Buffer.from([0xe9]),
        Buffer.from("e for dessert.</p>"),
      ]);
      res.writeHead(200, { "content-type": "text/html; charset=windows-1252" }).end(body);
    } else if (Number.isInteger(n) && n >= 0 && n < pages) {
      pageHits.set(n, (pageHits.get(n) ?? 0) + 1);
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(page(n, pages, options));
    } else {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found");
    }
  });
  server.listen(0, LOOPBACK_HOST);
  await new Promise<void>((resolve) => server.once("listening", resolve));
  origin = `http://${LOOPBACK_HOST}:${(server.address() as AddressInfo).port}`;
  return {
    url: origin,
    pages,
    requests: () => requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
