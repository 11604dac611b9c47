/**
 * Testing the draft before it goes live: a batch of questions (one per line, with an optional
 * expected source or phrase after ` | `), each answered by the draft with pass or fail; and replays
 * of recent real conversations against the draft, showing each turn's answer before and after.
 */
import type { VNode } from "preact";
import { useState } from "preact/hooks";
import { api } from "../api";
import { Status, TextField, useSubmission } from "../form";

type BatchResult = {
  question: string;
  answer: string;
  abstained: boolean;
  passed: boolean;
  checks: { source?: { expected: string; passed: boolean }; phrase?: { expected: string; passed: boolean } };
};
type Batch = { version: number; summary: { total: number; passed: number; failed: number }; results: BatchResult[] };
type Outcome = { answer: string; sources: string[]; handoff: boolean };
type Replay = {
  version: number;
  summary: { conversations: number; changed: number };
  conversations: {
    id: string;
    changed: boolean;
    turns: { message: string; before: Outcome; after: Outcome; changed: Record<string, boolean> }[];
  }[];
};

/** `question | expected phrase` lines; a line starting `source:` after the bar expects a source instead. */
export function parseBatch(text: string): { question: string; expectSource?: string; expectPhrase?: string }[] {
  return text
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const [question = "", expectation] = line.split(" | ").map((part) => part.trim());
      if (!expectation) return { question };
      return expectation.startsWith("source:")
        ? { question, expectSource: expectation.slice("source:".length).trim() }
        : { question, expectPhrase: expectation };
    });
}

function BatchTests({ agentId }: { agentId: string }): VNode {
  const [text, setText] = useState("");
  const [batch, setBatch] = useState<Batch | null>(null);
  const submission = useSubmission();
  const run = async (event: Event): Promise<void> => {
    event.preventDefault();
    await submission.run(async () => {
      setBatch(await api<Batch>(`/agents/${agentId}/tests`, { method: "POST", json: { questions: parseBatch(text) } }));
    });
  };
  return (
    <form class="c-card" onSubmit={run} aria-labelledby="batch">
      <h2 id="batch">Batch test</h2>
      <TextField
        label="Questions"
        name="questions"
        errors={submission.errors}
        hint="One per line. Add ` | a phrase` the answer must contain, or ` | source: a title` it must cite."
        value={text}
        onValue={setText}
        multiline
        code
        required
      />
      <Status>{submission.message}</Status>
      <button type="submit" class="c-primary" disabled={submission.busy}>
        Run the tests on the draft
      </button>
      {batch && (
        <table class="c-table">
          <caption>
            Version {batch.version}: {batch.summary.passed} of {batch.summary.total} passed
          </caption>
          <thead>
            <tr>
              <th scope="col">Question</th>
              <th scope="col">Answer</th>
              <th scope="col">Result</th>
            </tr>
          </thead>
          <tbody>
            {batch.results.map((result, i) => (
              <tr key={`${i}-${result.question}`}>
                <td>{result.question}</td>
                <td>{result.abstained ? `(abstained) ${result.answer}` : result.answer}</td>
                <td>{result.passed ? "passed" : "failed"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </form>
  );
}

function Replays({ agentId }: { agentId: string }): VNode {
  const [replay, setReplay] = useState<Replay | null>(null);
  const submission = useSubmission();
  const run = () =>
    submission.run(async () => setReplay(await api<Replay>(`/agents/${agentId}/replay`, { method: "POST", json: {} })));
  return (
    <section class="c-card" aria-labelledby="replays">
      <h2 id="replays">Replay recent conversations</h2>
      <p class="c-muted">The draft answers what visitors asked; changed answers are listed with before and after.</p>
      <button type="button" onClick={run} disabled={submission.busy}>
        Replay on the draft
      </button>
      <Status>{submission.message}</Status>
      {replay && (
        <>
          <p role="status">
            {replay.summary.changed} of {replay.summary.conversations} conversations would change.
          </p>
          {replay.conversations
            .filter((c) => c.changed)
            .map((conversation) => (
              <table key={conversation.id} class="c-table">
                <caption>{conversation.id}</caption>
                <thead>
                  <tr>
                    <th scope="col">Visitor</th>
                    <th scope="col">Before</th>
                    <th scope="col">After (draft)</th>
                  </tr>
                </thead>
                <tbody>
                  {conversation.turns
                    .filter((t) => Object.values(t.changed).some(Boolean))
                    .map((turn, i) => (
                      <tr key={`${i}-${turn.message}`}>
                        <td>{turn.message}</td>
                        <td>{turn.before.handoff ? `${turn.before.answer} (handed off)` : turn.before.answer}</td>
                        <td>{turn.after.handoff ? `${turn.after.answer} (handed off)` : turn.after.answer}</td>
                      </tr>
                    ))}
                </tbody>
              </table>
            ))}
        </>
      )}
    </section>
  );
}

export function TestsTab({ agentId }: { agentId: string }): VNode {
  return (
    <>
      <BatchTests agentId={agentId} />
      <Replays agentId={agentId} />
    </>
  );
}
