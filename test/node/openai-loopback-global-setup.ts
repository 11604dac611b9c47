/**
 * Vitest global setup (runs in Node, not workerd): starts the loopback OpenAI-compatible server
 * for the run and provides its URL to tests as `inject("openaiLoopbackUrl")`.
 */
import type { TestProject } from "vitest/node";
import { startOpenAILoopback } from "./openai-loopback-server.ts";

declare module "vitest" {
  export interface ProvidedContext {
    /** Base URL of the loopback server, e.g. http://127.0.0.1:41234 (append /v1 for the OpenAI client). */
    openaiLoopbackUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startOpenAILoopback();
  project.provide("openaiLoopbackUrl", server.url);
  return () => server.close();
}
