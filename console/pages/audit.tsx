/** The audit log: who changed what and when, newest first, filtered by agent or kind, a page at a time. */
import type { VNode } from "preact";
import { useState } from "preact/hooks";
import { api } from "../api";
import { useLoad } from "../load";

type Entry = {
  id: string;
  at: number;
  actor: { kind: string; id: string | null; name?: string | null };
  agentId: string | null;
  kind: string;
  action: string;
  targetId: string | null;
  before: unknown;
  after: unknown;
};

const actorOf = (actor: Entry["actor"]): string =>
  actor.kind === "owner_token"
    ? "Admin token"
    : `${actor.name ?? actor.id ?? "?"} (${actor.kind === "api_key" ? "API key" : "account"})`;

export function AuditPage(): VNode {
  const [agent, setAgent] = useState("");
  const [kind, setKind] = useState("");
  const [cursor, setCursor] = useState<string | null>(null);
  const query = new URLSearchParams({
    limit: "50",
    ...(agent ? { agent } : {}),
    ...(kind ? { kind } : {}),
    ...(cursor ? { cursor } : {}),
  });
  /** A new filter starts again from the newest change. */
  const filter = (set: (value: string) => void, value: string): void => {
    setCursor(null);
    set(value.trim());
  };
  const log = useLoad(
    () => api<{ entries: Entry[]; nextCursor: string | null }>(`/audit?${query}`),
    [query.toString()],
  );
  return (
    <>
      <h1>Audit log</h1>
      <div class="c-actions c-filters">
        <label>
          Agent <input value={agent} onChange={(e) => filter(setAgent, e.currentTarget.value)} />
        </label>
        <label>
          Kind{" "}
          <input
            value={kind}
            placeholder="agent, short_answer…"
            onChange={(e) => filter(setKind, e.currentTarget.value)}
          />
        </label>
      </div>
      {log.error && <p role="alert">{log.error}</p>}
      <table class="c-table">
        <caption>Changes, newest first</caption>
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Who</th>
            <th scope="col">What</th>
            <th scope="col">Agent</th>
            <th scope="col">Details</th>
          </tr>
        </thead>
        <tbody>
          {log.data?.entries.map((entry) => (
            <tr key={entry.id}>
              <td>{new Date(entry.at).toLocaleString()}</td>
              <td>{actorOf(entry.actor)}</td>
              <td>
                {entry.kind.replace(/_/g, " ")} {entry.action}
                {entry.targetId ? ` (${entry.targetId})` : ""}
              </td>
              <td>{entry.agentId ?? "–"}</td>
              <td>
                <details>
                  <summary>Before and after</summary>
                  {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard */}
                  <pre tabIndex={0}>{JSON.stringify({ before: entry.before, after: entry.after }, null, 2)}</pre>
                </details>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {log.data?.nextCursor && (
        <button type="button" onClick={() => setCursor(log.data?.nextCursor ?? null)}>
          Older changes
        </button>
      )}
    </>
  );
}
