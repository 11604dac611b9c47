/**
 * Vitest global setup (runs in Node): the loopback API the action engine's tests call, provided
 * as `inject("actionApiUrl")`. Tests allow its port per call; it stays refused otherwise.
 */
import type { TestProject } from "vitest/node";
import { startActionApi } from "./action-api.ts";

declare module "vitest" {
  export interface ProvidedContext {
    actionApiUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const api = await startActionApi();
  project.provide("actionApiUrl", api.url);
  return () => api.close();
}
