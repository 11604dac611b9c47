/**
 * An agent's knowledge: short answers (matched first), articles (articles.tsx) and sources
 * (sources.tsx). Viewers read; editors change.
 */
import type { VNode } from "preact";
import { useState } from "preact/hooks";
import { api, grants, type Me } from "../api";
import { Status, TextField, useSubmission } from "../form";
import { useLoad } from "../load";
import { Articles } from "./articles";
import { Sources } from "./sources";

type ShortAnswer = { id: string; question: string; answer: string };

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
      <TextField
        label="Question"
        name="question"
        errors={submission.errors}
        value={question}
        onValue={setQuestion}
        required
      />
      <TextField
        label="Answer"
        name="answer"
        errors={submission.errors}
        value={answer}
        onValue={setAnswer}
        multiline
        required
      />
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
    removal
      .run(() => api(`/agents/${agentId}/short-answers/${item.id}`, { method: "DELETE" }))
      .then((ok) => ok && answers.reload());
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
  const canEdit = grants(me.role, "editor");
  return (
    <>
      <ShortAnswers agentId={agentId} canEdit={canEdit} />
      <Articles agentId={agentId} canEdit={canEdit} />
      <Sources agentId={agentId} canEdit={canEdit} />
    </>
  );
}
