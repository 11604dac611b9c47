/**
 * A tiny loopback web site for the outbound-fetch guard's and the crawler's tests: a page, an
 * oversized body, a redirect to any URL, an endless redirect loop, a response that never finishes,
 * a small help site under /site (robots.txt, sitemap, duplicates, a canonical link, a PDF, a
 * broken page) and an endless generated site under /gen. Runs in Node on 127.0.0.1 only; the
 * workerd tests reach it through the guard's test allowance.
 */
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

const LOOPBACK_HOST = "127.0.0.1";
export const BIG_BODY_BYTES = 2 * 1024 * 1024; // over the caps the tests set
const BIG_CHUNK_BYTES = 64 * 1024;

export type LoopbackSite = { url: string; close: () => Promise<void> };

export async function startLoopbackSite(): Promise<LoopbackSite> {
  const hanging = new Set<ServerResponse>();
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", `http://${LOOPBACK_HOST}`);
    if (url.pathname === "/page") {
      res
        .writeHead(200, { "content-type": "text/html; charset=utf-8" })
        .end("<html><head><title>Loopback page</title></head><body><h1>Hello</h1></body></html>");
    } else if (url.pathname === "/big") {
      res.writeHead(200, { "content-type": "text/plain" }); // no content-length: the cap must hold while streaming
      const chunk = "x".repeat(BIG_CHUNK_BYTES);
      for (let sent = 0; sent < BIG_BODY_BYTES; sent += BIG_CHUNK_BYTES) res.write(chunk);
      res.end();
    } else if (url.pathname === "/redirect") {
      res.writeHead(302, { location: url.searchParams.get("to") ?? "/page" }).end();
    } else if (url.pathname === "/loop") {
      res.writeHead(302, { location: "/loop" }).end();
    } else if (url.pathname === "/hang") {
      res.writeHead(200, { "content-type": "text/plain" });
      res.write("started…");
      hanging.add(res); // never ended: the guard's time cap must end the fetch
    } else if (!crawlRoute(url, origin(), res)) {
      res.writeHead(404).end("not found");
    }
  });
  const origin = () => `http://${LOOPBACK_HOST}:${(server.address() as AddressInfo).port}`;
  server.listen(0, LOOPBACK_HOST);
  await new Promise<void>((resolve) => server.once("listening", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${LOOPBACK_HOST}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of hanging) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const html = (title: string, body: string, head = "") =>
  `<!doctype html><html lang="en"><head><title>${title}</title>${head}</head><body><nav>` +
  `<a href="/site/a">Home</a> Menu text</nav><main>${body}</main><footer>Footer text</footer></body></html>`;

const ALPHA = "<h1>Tents</h1><p>Our tents keep you dry in any storm.</p>";

/** Serves the crawl test routes; false when `url` is none of them. */
function crawlRoute(url: URL, origin: string, res: ServerResponse): boolean {
  const page = (body: string) => res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(body);
  const links = (...hrefs: string[]) => hrefs.map((h) => `<a href="${h}">${h}</a>`).join(" ");
  const generated = /^\/gen\/(\d+)$/.exec(url.pathname);
  switch (url.pathname) {
    case "/robots.txt":
      res
        .writeHead(200, { "content-type": "text/plain" })
        .end(`User-agent: *\nDisallow: /site/private\nSitemap: ${origin}/sitemap.xml\n`);
      return true;
    case "/sitemap.xml":
      res
        .writeHead(200, { "content-type": "application/xml" })
        .end(
          `<?xml version="1.0"?><urlset><url><loc>${origin}/site/b</loc></url><url><loc>` +
            `${origin}/site/orphan</loc></url></urlset>`,
        );
      return true;
    case "/site/a":
    case "/site/dup": // the same page under another URL
      page(
        html(
          "Tents",
          ALPHA +
            links(
              "/site/b",
              "/site/private/secret",
              "/site/file.pdf",
              "/site/dup",
              "/site/canon",
              "/site/broken",
              "http://example.com/elsewhere",
              "/site/a#top",
            ),
        ),
      );
      return true;
    case "/site/canon":
      page(
        html(
          "Tents (print)",
          "<h1>Tents</h1><p>Printable version of the tents page.</p>",
          `<link rel="canonical" href="/site/a">`,
        ),
      );
      return true;
    case "/site/b":
      page(html("Boots", `<h1>Boots</h1><p>Our boots are waterproof and warm.</p>${links("/site/c")}`));
      return true;
    case "/site/c":
      page(
        html(
          "Stoves",
          "<h1>Stoves</h1><p>The camping stove boils water in three minutes.</p><script>alert('not content')</script>",
        ),
      );
      return true;
    case "/site/orphan":
      page(html("Maps", "<h1>Maps</h1><p>Trail maps are sold in every shop.</p>"));
      return true;
    case "/site/private/secret":
      page(html("Secret", "<p>Robots.txt says no crawler may read this.</p>"));
      return true;
    case "/site/file.pdf":
      res.writeHead(200, { "content-type": "application/pdf" }).end("%PDF-1.4 not really");
      return true;
    case "/site/broken":
      res.writeHead(500, { "content-type": "text/html" }).end("<h1>Server error</h1>");
      return true;
  }
  if (generated) {
    const n = Number(generated[1]);
    page(
      `<!doctype html><title>Page ${n}</title><h1>Generated page ${n}</h1><p>Unique text number ${n}.</p>` +
        links(`/gen/${n + 1}`, `/gen/${n + 2}`),
    );
    return true;
  }
  return false;
}
