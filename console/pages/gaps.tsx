/**
 * Knowledge gaps: questions the agent could not answer well, grouped with their rewordings, biggest
 * first; an editor closes one with a short answer (live at once) or starts an article draft.
 */
import type { VNode } from "preact";
import { useState } from "preact/hooks";
import { api, grants, type Me } from "../api";
import { Status, TextField, useSubmission } from "../form";
import { useLoad } from "../load";

type Gap = {
  id: string;
  question: string;
  count: number;
  abstained: number;
  lastAskedAt: number;
  examples: { question: string; conversationId: string | null }[];
  fixedBy: string | null;
};

function Answer({ agentId, gap, onDone }: { agentId: string; gap: Gap; onDone: () => void }): VNode {
  const [answer, setAnswer] = useState("");
  const submission = useSubmission();
  const save = async (event: Event): Promise<void> => {
    event.preventDefault();
    const ok = await submission.run(() =>
      api(`/agents/${agentId}/gaps/${gap.id}/short-answer`, { method: "POST", json: { answer } }),
    );
    if (ok) onDone();
  };
  const draft = () =>
    submission.run(
      () => api(`/agents/${agentId}/gaps/${gap.id}/article`, { method: "POST", json: {} }),
      "Article draft created: edit and publish it under Knowledge.",
    );
  return (
    <form onSubmit={save} aria-label={`Answer: ${gap.question}`}>
      <TextField
        label="Short answer"
        name="answer"
        errors={submission.errors}
        value={answer}
        onValue={setAnswer}
        multiline
        required
      />
      <Status>{submission.message}</Status>
      <div class="c-actions">
        <button type="submit" class="c-primary" disabled={submission.busy}>
          Add as short answer
        </button>
        <button type="button" disabled={submission.busy} onClick={draft}>
          Start an article draft
        </button>
      </div>
    </form>
  );
}

export function GapsTab({ me, agentId }: { me: Me; agentId: string }): VNode {
  const [status, setStatus] = useState<"open" | "fixed">("open");
  const gaps = useLoad(() => api<{ items: Gap[] }>(`/agents/${agentId}/gaps?status=${status}`), [agentId, status]);
  return (
    <>
      <div class="c-actions c-filters">
        <label>
          Show{" "}
          <select value={status} onChange={(e) => setStatus(e.currentTarget.value as "open" | "fixed")}>
            <option value="open">open gaps</option>
            <option value="fixed">fixed gaps</option>
          </select>
        </label>
      </div>
      {gaps.error && <p role="alert">{gaps.error}</p>}
      {gaps.data?.items.length === 0 && <p>No {status} knowledge gaps.</p>}
      <ul class="c-list">
        {gaps.data?.items.map((gap) => (
          <li key={gap.id} class="c-card">
            <h2>{gap.question}</h2>
            <p class="c-muted">
              Asked {gap.count} {gap.count === 1 ? "time" : "times"} · last {new Date(gap.lastAskedAt).toLocaleString()}
              {gap.fixedBy ? ` · fixed by ${gap.fixedBy}` : ""}
            </p>
            <ul>
              {gap.examples.map((example) => (
                <li key={`${example.conversationId}-${example.question}`}>
                  {example.question} <span class="c-muted">{example.conversationId}</span>
                </li>
              ))}
            </ul>
            {status === "open" && grants(me.role, "editor") && (
              <Answer agentId={agentId} gap={gap} onDone={gaps.reload} />
            )}
          </li>
        ))}
      </ul>
    </>
  );
}
