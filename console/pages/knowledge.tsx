/**
 * An agent's knowledge: short answers (added, edited and deleted here; matched first), and the
 * articles and sources it answers from with their state. Viewers read; editors change.
 */
import type { VNode } from "preact";
import { useState } from "preact/hooks";
import { api, grants, type Me } from "../api";
import { Field, Status, useSubmission } from "../form";
import { useLoad } from "../load";

type ShortAnswer = { id: string; question: string; answer: string };
type Article = { id: string; title: string; published: boolean; updatedAt: number };
type Source = { id: string; name: string; type: string; status: string; error: string | null };

function ShortAnswerForm({
  agentId,
  editing,
  onSaved,
}: {
  agentId: string;
  editing: ShortAnswer | null;
  onSaved: () => void;
}): VNode {
  const [question, setQuestion] = useState(editing?.question ?? "");
  const [answer, setAnswer] = useState(editing?.answer ?? "");
  const submission = useSubmission();
  const save = async (event: Event): Promise<void> => {
    event.preventDefault();
    const path = editing ? `/agents/${agentId}/short-answers/${editing.id}` : `/agents/${agentId}/short-answers`;
    const ok = await submission.run(() => api(path, { method: editing ? "PUT" : "POST", json: { question, answer } }));
    if (!ok) return;
    setQuestion("");
    setAnswer("");
    onSaved();
  };
  return (
    <form onSubmit={save} aria-label={editing ? "Edit short answer" : "Add a short answer"}>
      <Field label="Question" name="question" errors={submission.errors}>
        {(id, d) => <input id={id} required value={question} aria-describedby={d} onInput={(e) => setQuestion(e.currentTarget.value)} />}
      </Field>
      <Field label="Answer" name="answer" errors={submission.errors}>
        {(id, d) => <textarea id={id} required value={answer} aria-describedby={d} onInput={(e) => setAnswer(e.currentTarget.value)} />}
      </Field>
      <Status>{submission.message}</Status>
      <button type="submit" class="c-primary" disabled={submission.busy}>
        {editing ? "Save short answer" : "Add short answer"}
      </button>
    </form>
  );
}

function ShortAnswers({ agentId, canEdit }: { agentId: string; canEdit: boolean }): VNode {
  const answers = useLoad(() => api<{ items: ShortAnswer[] }>(`/agents/${agentId}/short-answers`), [agentId]);
  const [editing, setEditing] = useState<ShortAnswer | null>(null);
  const removal = useSubmission();
  const remove = (item: ShortAnswer) =>
    removal.run(() => api(`/agents/${agentId}/short-answers/${item.id}`, { method: "DELETE" })).then((ok) => ok && answers.reload());
  return (
    <section class="c-card" aria-labelledby="short-answers">
      <h2 id="short-answers">Short answers</h2>
      <p class="c-muted">Matched before anything else: the agent gives the answer as written.</p>
      <Status>{removal.message}</Status>
      <ul class="c-list">
        {answers.data?.items.map((item) => (
          <li key={item.id}>
            <strong>{item.question}</strong>
            <p>{item.answer}</p>
            {canEdit && (
              <div class="c-actions">
                <button type="button" onClick={() => setEditing(item)}>
                  Edit
                </button>
                <button type="button" onClick={() => remove(item)}>
                  Delete
                </button>
              </div>
            )}
          </li>
        ))}
      </ul>
      {canEdit && (
        <ShortAnswerForm
          key={editing?.id ?? "new"}
          agentId={agentId}
          editing={editing}
          onSaved={() => {
            setEditing(null);
            answers.reload();
          }}
        />
      )}
    </section>
  );
}

export function KnowledgeTab({ me, agentId }: { me: Me; agentId: string }): VNode {
  const articles = useLoad(() => api<{ items: Article[] }>(`/agents/${agentId}/articles`), [agentId]);
  const sources = useLoad(() => api<{ items: Source[] }>(`/agents/${agentId}/sources`), [agentId]);
  return (
    <>
      <ShortAnswers agentId={agentId} canEdit={grants(me.role, "editor")} />
      <section class="c-card" aria-labelledby="articles">
        <h2 id="articles">Articles</h2>
        {articles.data?.items.length === 0 && <p>No articles yet.</p>}
        <ul class="c-list">
          {articles.data?.items.map((article) => (
            <li key={article.id}>
              {article.title} <span class="c-muted">{article.published ? "published" : "draft"}</span>
            </li>
          ))}
        </ul>
      </section>
      <section class="c-card" aria-labelledby="sources">
        <h2 id="sources">Sources</h2>
        <ul class="c-list">
          {sources.data?.items.map((source) => (
            <li key={source.id}>
              {source.name} <span class="c-muted">{source.type} · {source.status}</span>
              {source.error && <p class="c-error">{source.error}</p>}
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
