/**
 * Uploads a folder of documents to an agent through the file-upload API (file names relative to
 * the folder) and waits until every file source is indexed. Used by `npm run eval` and the bench.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";

const FILES_PER_UPLOAD = 25; // one multipart request per batch keeps each request small
const INDEX_WAIT_MS = 300_000; // a guard: ingestion of a few thousand documents takes far less
const POLL_MS = 250;

export type AdminTarget = { url: string; token: string; agentId: string };
type SourceJson = { type: string; status: string; name: string; error: string | null; stats: { chunks: number } };

export async function adminRequest(target: AdminTarget, path: string, init: RequestInit = {}): Promise<Response> {
  const response = await fetch(`${target.url}/api${path}`, {
    ...init,
    headers: { authorization: `Bearer ${target.token}`, ...init.headers },
  });
  if (!response.ok) throw new Error(`${init.method ?? "GET"} ${path}: ${response.status} ${await response.text()}`);
  return response;
}

export function documentsIn(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? documentsIn(path) : [path];
  });
}

/** Uploads every file under `folder` and resolves with how many were indexed and their chunk count. */
export async function ingestFolder(
  target: AdminTarget,
  folder: string,
  log: (line: string) => void = () => {},
): Promise<{ documents: number; chunks: number }> {
  const paths = documentsIn(folder).sort();
  for (let i = 0; i < paths.length; i += FILES_PER_UPLOAD) {
    const form = new FormData();
    for (const path of paths.slice(i, i + FILES_PER_UPLOAD))
      form.append("file", new Blob([readFileSync(path)]), relative(folder, path));
    await adminRequest(target, `/agents/${target.agentId}/files`, { method: "POST", body: form });
  }
  const deadline = Date.now() + INDEX_WAIT_MS;
  for (;;) {
    const { items } = (await (await adminRequest(target, `/agents/${target.agentId}/sources`)).json()) as {
      items: SourceJson[];
    };
    const files = items.filter((s) => s.type === "file");
    const pending = files.filter((s) => s.status === "pending" || s.status === "syncing");
    if (files.length >= paths.length && pending.length === 0) {
      for (const failed of files.filter((s) => s.status === "failed"))
        log(`  not indexed: ${failed.name}: ${failed.error}`);
      const ready = files.filter((s) => s.status === "ready");
      return { documents: ready.length, chunks: ready.reduce((sum, s) => sum + s.stats.chunks, 0) };
    }
    if (Date.now() > deadline) throw new Error(`${pending.length} files still not indexed after ${INDEX_WAIT_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}
