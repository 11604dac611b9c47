/**
 * Vitest global setup (runs in Node): a small generated site (a sitemap index, a gzip sitemap, a
 * wide tree of pages) for the crawler's sitemap tests, provided as `inject("generatedSiteUrl")`.
 */
import type { TestProject } from "vitest/node";
import { startGeneratedSite } from "./generated-site.ts";

export const GENERATED_TEST_PAGES = 60; // enough for a sitemap index with two files and a three-level tree

declare module "vitest" {
  export interface ProvidedContext {
    generatedSiteUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const site = await startGeneratedSite(GENERATED_TEST_PAGES);
  project.provide("generatedSiteUrl", site.url);
  return () => site.close();
}
