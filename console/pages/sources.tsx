/**
 * The agent's sources: each with its state, progress and error; re-sync one, add a website, or
 * upload files (each becomes a source, ingested in the background). The list refreshes while any
 * source is still working.
 */
import type { VNode } from "preact";
import { useEffect, useState } from "preact/hooks";
import { api, apiUpload } from "../api";
import { Status, TextField, useSubmission } from "../form";
import { useLoad } from "../load";

type Source = {
  id: string;
  name: string;
  type: string;
  status: string;
  error: string | null;
  stats: Record<string, number> | null;
};

const WORKING = new Set(["pending", "syncing"]);
const REFRESH_MS = 3_000; // while a source works: often enough to watch it, rare enough to cost nothing

export function Sources({ agentId, canEdit }: { agentId: string; canEdit: boolean }): VNode {
  const sources = useLoad(() => api<{ items: Source[] }>(`/agents/${agentId}/sources`), [agentId]);
  const [url, setUrl] = useState("");
  const [related, setRelated] = useState(false);
  const adding = useSubmission();
  const acting = useSubmission();
  const working = sources.data?.items.some((s) => WORKING.has(s.status)) ?? false;
  useEffect(() => {
    if (!working) return;
    const timer = setTimeout(sources.reload, REFRESH_MS);
    return () => clearTimeout(timer);
  }, [sources.data]);

  const add = async (event: Event): Promise<void> => {
    event.preventDefault();
    const ok = await adding.run(() =>
      api(`/agents/${agentId}/sources`, { method: "POST", json: { type: "url", url, importRelated: related } }),
    );
    if (ok) {
      setUrl("");
      sources.reload();
    }
  };
  const upload = (files: FileList | null) => {
    if (!files?.length) return;
    const form = new FormData();
    for (const file of files) form.append("file", file);
    acting
      .run(() => apiUpload(`/agents/${agentId}/files`, form), "Uploaded: the files are being read.")
      .then((ok) => ok && sources.reload());
  };
  const resync = (source: Source) =>
    acting
      .run(() => api(`/agents/${agentId}/sources/${source.id}/resync`, { method: "POST" }))
      .then((ok) => ok && sources.reload());

  return (
    <section class="c-card" aria-labelledby="sources">
      <h2 id="sources">Sources</h2>
      <Status>{acting.message}</Status>
      <ul class="c-list">
        {sources.data?.items.map((source) => (
          <li key={source.id}>
            {source.name}{" "}
            <span class="c-muted">
              {source.type} · {source.status}
              {source.stats
                ? ` · ${Object.entries(source.stats)
                    .map(([k, v]) => `${v} ${k}`)
                    .join(", ")}`
                : ""}
            </span>
            {source.error && <p class="c-error">{source.error}</p>}
            {canEdit && !WORKING.has(source.status) && (
              <button type="button" onClick={() => resync(source)}>
                Re-sync {source.name}
              </button>
            )}
          </li>
        ))}
      </ul>
      {canEdit && (
        <>
          <form onSubmit={add} aria-label="Add a website">
            <TextField
              label="Website address"
              name="url"
              errors={adding.errors}
              value={url}
              onValue={setUrl}
              required
              type="url"
            />
            <label class="c-check">
              <input type="checkbox" checked={related} onChange={(e) => setRelated(e.currentTarget.checked)} /> Also
              import the pages it links to
            </label>
            <Status>{adding.message}</Status>
            <button type="submit" disabled={adding.busy}>
              Add website
            </button>
          </form>
          <label class="c-field">
            Upload files (PDF, Word, Markdown, text, spreadsheets…)
            <input type="file" multiple onChange={(e) => upload(e.currentTarget.files)} />
          </label>
        </>
      )}
    </section>
  );
}
