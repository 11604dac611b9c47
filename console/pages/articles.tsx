/** The agent's articles: the list, and an editor (Markdown body, optional public address, published or draft); indexed on save. */
import type { VNode } from "preact";
import { useState } from "preact/hooks";
import { api } from "../api";
import { Status, TextField, useSubmission } from "../form";
import { useLoad } from "../load";

type Summary = { id: string; title: string; url: string | null; published: boolean };
type Article = Summary & { body: string };
type Draft = { id: string; title: string; body: string; url: string; published: boolean };

const EMPTY: Draft = { id: "", title: "", body: "", url: "", published: true };

function Editor({ agentId, start, onSaved }: { agentId: string; start: Draft; onSaved: () => void }): VNode {
  const [draft, setDraft] = useState(start);
  const submission = useSubmission();
  const creating = start.id === "";
  const set = (change: Partial<Draft>) => setDraft({ ...draft, ...change });
  const save = async (event: Event): Promise<void> => {
    event.preventDefault();
    const ok = await submission.run(() =>
      api(`/agents/${agentId}/articles/${encodeURIComponent(draft.id)}`, {
        method: "PUT",
        json: { title: draft.title, body: draft.body, url: draft.url.trim() || null, published: draft.published },
      }),
    );
    if (ok) onSaved();
  };
  return (
    <form onSubmit={save} aria-label={creating ? "New article" : `Edit ${start.title}`}>
      {creating && (
        <TextField
          label="Article id"
          name="articleId"
          errors={submission.errors}
          hint="Lower-case letters, digits and dashes."
          value={draft.id}
          onValue={(v) => set({ id: v })}
          required
        />
      )}
      <TextField
        label="Title"
        name="title"
        errors={submission.errors}
        value={draft.title}
        onValue={(v) => set({ title: v })}
        required
      />
      <TextField
        label="Body (Markdown)"
        name="body"
        errors={submission.errors}
        value={draft.body}
        onValue={(v) => set({ body: v })}
        multiline
        code
        required
      />
      <TextField
        label="Public address (for citations)"
        name="url"
        errors={submission.errors}
        value={draft.url}
        onValue={(v) => set({ url: v })}
        type="url"
      />
      <label class="c-check">
        <input
          type="checkbox"
          checked={draft.published}
          onChange={(e) => set({ published: e.currentTarget.checked })}
        />{" "}
        Published (the agent answers from it)
      </label>
      <Status>{submission.message}</Status>
      <button type="submit" class="c-primary" disabled={submission.busy}>
        Save article
      </button>
    </form>
  );
}

export function Articles({ agentId, canEdit }: { agentId: string; canEdit: boolean }): VNode {
  const list = useLoad(() => api<{ items: Summary[] }>(`/agents/${agentId}/articles`), [agentId]);
  const [editing, setEditing] = useState<Draft | null>(null);
  const open = async (id: string): Promise<void> => {
    const article = await api<Article>(`/agents/${agentId}/articles/${encodeURIComponent(id)}`);
    setEditing({
      id: article.id,
      title: article.title,
      body: article.body,
      url: article.url ?? "",
      published: article.published,
    });
  };
  return (
    <section class="c-card" aria-labelledby="articles">
      <h2 id="articles">Articles</h2>
      {list.data?.items.length === 0 && <p>No articles yet.</p>}
      <ul class="c-list">
        {list.data?.items.map((article) => (
          <li key={article.id}>
            {article.title} <span class="c-muted">{article.published ? "published" : "draft"}</span>{" "}
            {canEdit && (
              <button type="button" onClick={() => open(article.id)}>
                Edit {article.title}
              </button>
            )}
          </li>
        ))}
      </ul>
      {canEdit && !editing && (
        <button type="button" onClick={() => setEditing(EMPTY)}>
          New article
        </button>
      )}
      {editing && (
        <Editor
          key={editing.id || "new"}
          agentId={agentId}
          start={editing}
          onSaved={() => {
            setEditing(null);
            list.reload();
          }}
        />
      )}
    </section>
  );
}
