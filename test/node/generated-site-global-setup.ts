/**
 * Vitest global setup (runs in Node): a small generated site (a sitemap index, a gzip sitemap, a
 * wide tree of pages) for the crawler's sitemap tests, provided as `inject("generatedSiteUrl")`.
 */
import type { TestProject } from "vitest/node";
import { startGeneratedSite } from "./generated-site.ts";

export const GENERATED_TEST_PAGES = 60; // enough for a sitemap index with two files and a three-level tree
export const CAPPED_SITE_PAGES = 5_200; // more than the 5,000 pages a URL source may import

declare module "vitest" {
  export interface ProvidedContext {
    generatedSiteUrl: string;
    /** CAPPED_SITE_PAGES pages with the same text on each, for the page-cap test. */
    cappedSiteUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const site = await startGeneratedSite(GENERATED_TEST_PAGES);
  const capped = await startGeneratedSite(CAPPED_SITE_PAGES, { sameText: true });
  project.provide("generatedSiteUrl", site.url);
  project.provide("cappedSiteUrl", capped.url);
  return async () => {
    await site.close();
    await capped.close();
  };
}
