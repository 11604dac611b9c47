/** The agents: each with its state (live, draft waiting, unpublished), and a form to create one (editors). */
import type { VNode } from "preact";
import { useState } from "preact/hooks";
import { api, grants, type Me } from "../api";
import { Status, TextField, useSubmission } from "../form";
import { useLoad } from "../load";
import { hrefOf } from "../route";

export type AgentSummary = {
  id: string;
  name: string;
  publishedVersion: number;
  unpublishedAt: number | null;
  hasDraft: boolean;
  updatedAt: number;
};

export const PERSONALITIES = ["friendly", "professional", "casual", "empathetic", "witty"] as const;

function stateOf(agent: AgentSummary): string {
  if (agent.unpublishedAt !== null) return "Unpublished";
  return agent.hasDraft ? "Live, draft waiting" : "Live";
}

function NewAgent({ onCreated }: { onCreated: (id: string) => void }): VNode {
  const [id, setId] = useState("");
  const [name, setName] = useState("");
  const [greeting, setGreeting] = useState("Hi! How can I help?");
  const submission = useSubmission();
  const create = async (event: Event): Promise<void> => {
    event.preventDefault();
    const ok = await submission.run(() =>
      api(`/agents/${encodeURIComponent(id)}`, { method: "PUT", json: { name, personality: "friendly", greeting } }),
    );
    if (ok) onCreated(id);
  };
  return (
    <form class="c-card" onSubmit={create} aria-labelledby="new-agent">
      <h2 id="new-agent">New agent</h2>
      <TextField
        label="Id (lower-case letters, digits and dashes)"
        name="agentId"
        errors={submission.errors}
        value={id}
        onValue={setId}
        required
      />
      <TextField label="Name" name="name" errors={submission.errors} value={name} onValue={setName} required />
      <TextField
        label="Greeting"
        name="greeting"
        errors={submission.errors}
        value={greeting}
        onValue={setGreeting}
        multiline
        required
      />
      <Status>{submission.message}</Status>
      <button type="submit" class="c-primary" disabled={submission.busy}>
        Create agent
      </button>
    </form>
  );
}

export function AgentsPage({ me }: { me: Me }): VNode {
  const agents = useLoad(() => api<{ items: AgentSummary[] }>("/agents"), []);
  return (
    <>
      <h1>Agents</h1>
      {agents.error && <p role="alert">{agents.error}</p>}
      {agents.data && agents.data.items.length === 0 && <p>No agents yet.</p>}
      <ul class="c-list">
        {agents.data?.items.map((agent) => (
          <li key={agent.id}>
            <a href={hrefOf({ page: "agent", agentId: agent.id, tab: "profile" })}>{agent.name}</a>{" "}
            <span class="c-muted">
              {agent.id} · {stateOf(agent)}
            </span>
          </li>
        ))}
      </ul>
      {grants(me.role, "editor") && (
        <NewAgent onCreated={(id) => (location.hash = hrefOf({ page: "agent", agentId: id, tab: "profile" }))} />
      )}
    </>
  );
}
