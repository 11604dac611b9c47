/**
 * "Test action": runs an action of the draft with sample inputs and the stored credential, and
 * shows the request as it was sent (credential redacted) and what came back: status, duration,
 * the response fields the agent would use, or why it failed. A write action really writes.
 */
import type { VNode } from "preact";
import { useState } from "preact/hooks";
import { api } from "../api";
import { Status, TextField, useSubmission } from "../form";
import type { ActionView } from "./action-fields";

type Result = {
  ok: boolean;
  status: number | null;
  durationMs: number;
  code?: string;
  message?: string;
  request: { method: string; url: string; headers: Record<string, string>; body: string | null } | null;
  fields?: { label: string; path: string; value: unknown }[];
  data?: unknown;
};

export function ActionTest({ agentId, action }: { agentId: string; action: ActionView }): VNode {
  const [inputs, setInputs] = useState<Record<string, string>>({});
  const [result, setResult] = useState<Result | null>(null);
  const submission = useSubmission();
  const run = async (event: Event): Promise<void> => {
    event.preventDefault();
    setResult(null);
    await submission.run(async () => {
      const filled = Object.fromEntries(Object.entries(inputs).filter(([, value]) => value.trim() !== ""));
      setResult(
        await api<Result>(`/agents/${encodeURIComponent(agentId)}/actions/${encodeURIComponent(action.id)}/test`, {
          method: "POST",
          json: { inputs: filled },
        }),
      );
    });
  };
  return (
    <form onSubmit={run} aria-label={`Test action ${action.name}`}>
      <h4>Test action</h4>
      {action.risk === "write" && (
        <p class="c-warning">This is a write action: the test really calls it, and it changes what it changes.</p>
      )}
      {action.inputs.map((input) => (
        <TextField
          key={input.name}
          label={`${input.label} (${input.name})`}
          name={`inputs.${input.name}`}
          errors={submission.errors}
          value={inputs[input.name] ?? ""}
          onValue={(value) => setInputs({ ...inputs, [input.name]: value })}
        />
      ))}
      <Status>{submission.message}</Status>
      <button type="submit" disabled={submission.busy}>
        Run the test
      </button>
      {result && (
        <div role="status" aria-label="Test result">
          <p class={result.ok ? "c-message" : "c-warning"}>
            {result.ok ? "Succeeded" : `Failed (${result.code ?? "error"}): ${result.message ?? ""}`}
            {result.status !== null && ` · HTTP ${result.status}`} · {result.durationMs} ms
          </p>
          {result.request && (
            <>
              <p>Request sent (credential redacted):</p>
              <pre class="c-code c-break">
                {[
                  `${result.request.method} ${result.request.url}`,
                  ...Object.entries(result.request.headers).map(([name, value]) => `${name}: ${value}`),
                  ...(result.request.body ? ["", result.request.body] : []),
                ].join("\n")}
              </pre>
            </>
          )}
          {result.fields && result.fields.length > 0 && (
            <ul>
              {result.fields.map((field) => (
                <li key={field.path}>
                  {field.label}: {JSON.stringify(field.value)}
                </li>
              ))}
            </ul>
          )}
          {result.ok && result.data !== undefined && (
            <details>
              <summary>Response</summary>
              <pre class="c-code c-break">{JSON.stringify(result.data, null, 2)}</pre>
            </details>
          )}
        </div>
      )}
    </form>
  );
}
