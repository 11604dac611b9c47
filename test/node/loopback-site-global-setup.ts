/**
 * Vitest global setup (runs in Node): two loopback sites for the fetch guard's tests — one the
 * tests allow, and another on a port they never allow (the stand-in for a private address).
 */
import type { TestProject } from "vitest/node";
import { startLoopbackSite } from "./loopback-site.ts";

declare module "vitest" {
  export interface ProvidedContext {
    loopbackSiteUrl: string;
    loopbackOtherUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const site = await startLoopbackSite();
  const other = await startLoopbackSite();
  project.provide("loopbackSiteUrl", site.url);
  project.provide("loopbackOtherUrl", other.url);
  return async () => {
    await site.close();
    await other.close();
  };
}
