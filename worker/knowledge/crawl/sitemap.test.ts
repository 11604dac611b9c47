import { env } from "cloudflare:workers";
import { describe, expect, inject, it } from "vitest";
import { collectSitemapPages, parseSitemap } from "./sitemap";

declare module "vitest" {
  export interface ProvidedContext {
    generatedSiteUrl: string;
  }
}

const site = inject("generatedSiteUrl"); // 60 pages: "/" and /p/1 … /p/59, in a sitemap index of two files
const allowed = { ...env, ALLOW_LOOPBACK_FETCH: new URL(site).host };

describe("parseSitemap", () => {
  it("reads the pages of a urlset, with entities decoded and whitespace trimmed", () => {
    const xml = `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
      <url><loc> https://acme.test/a?x=1&amp;y=2 </loc><lastmod>2026-01-01</lastmod></url>
      <url><loc>https://acme.test/b</loc></url></urlset>`;
    expect(parseSitemap(xml)).toEqual({ pages: ["https://acme.test/a?x=1&y=2", "https://acme.test/b"], sitemaps: [] });
  });

  it("reads the nested sitemaps of an index, with or without a namespace prefix", () => {
    const xml =
      `<sm:sitemapindex xmlns:sm="http://www.sitemaps.org/schemas/sitemap/0.9"><sm:sitemap>` +
      `<sm:loc>https://acme.test/s1.xml</sm:loc></sm:sitemap></sm:sitemapindex>`;
    expect(parseSitemap(xml)).toEqual({ pages: [], sitemaps: ["https://acme.test/s1.xml"] });
  });

  it("ignores what is not a sitemap", () => {
    expect(parseSitemap("<html><body><loc>https://acme.test/x</loc></body></html>")).toEqual({
      pages: [],
      sitemaps: [],
    });
    expect(parseSitemap("")).toEqual({ pages: [], sitemaps: [] });
  });
});

describe("collectSitemapPages", () => {
  it("follows a sitemap index into a plain and a gzip-compressed sitemap", async () => {
    const pages = await collectSitemapPages(allowed, [`${site}/sitemap-index.xml`], 5000);
    expect(pages).toHaveLength(60);
    expect(pages).toContain(`${site}/`);
    expect(pages).toContain(`${site}/p/59`); // only in the .gz sitemap
  });

  it("stops at the page cap and keeps only what the filter accepts", async () => {
    expect(await collectSitemapPages(allowed, [`${site}/sitemap-index.xml`], 7)).toHaveLength(7);
    const odd = await collectSitemapPages(allowed, [`${site}/sitemap-index.xml`], 5000, (url) => /[13579]$/.test(url));
    expect(odd).toHaveLength(30);
  });

  it("treats a missing or refused sitemap as none", async () => {
    expect(await collectSitemapPages(allowed, [`${site}/nope.xml`], 10)).toEqual([]);
    expect(await collectSitemapPages(env, [`${site}/sitemap-index.xml`], 10)).toEqual([]); // loopback without the test allowance
  });
});
