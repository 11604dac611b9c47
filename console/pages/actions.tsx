/**
 * The agent's actions (calls to the owner's APIs): each with its request, risk, protection, whether
 * a credential is set (never its value) and whether it is live or only in the draft; editors add,
 * change, test and remove them. Changes are saved to the draft and go live when the agent is
 * published, like its other settings.
 */
import type { VNode } from "preact";
import { useState } from "preact/hooks";
import { api, grants, type Me } from "../api";
import { Status, useSubmission } from "../form";
import { useLoad } from "../load";
import { hrefOf } from "../route";
import type { ActionView } from "./action-fields";
import { ActionEditor } from "./action-form";
import { ActionTest } from "./action-test";

type Listing = { actions: ActionView[]; published: string[] };

function ActionCard(props: {
  agentId: string;
  action: ActionView;
  canEdit: boolean;
  onEdit: () => void;
  onChanged: (message: string) => void;
}): VNode {
  const { agentId, action, canEdit } = props;
  const [testing, setTesting] = useState(false);
  const submission = useSubmission();
  const headingId = `act-${action.id}`;
  const remove = async (): Promise<void> => {
    if (!window.confirm(`Remove the action ${action.name}? It stays live until the agent is published.`)) return;
    const path = `/agents/${encodeURIComponent(agentId)}/actions/${encodeURIComponent(action.id)}`;
    if (await submission.run(() => api(path, { method: "DELETE" })))
      props.onChanged(`Removed ${action.name} from the draft: publish the agent to take it off.`);
  };
  return (
    <li class="c-card" aria-labelledby={headingId}>
      <h3 id={headingId}>{action.name}</h3>
      <p>{action.description}</p>
      <p class="c-break">
        <code>
          {action.request.method} {action.request.url}
        </code>
      </p>
      <p>
        {action.risk === "write" ? "Writes (the visitor confirms first)" : "Reads only"} · protection:{" "}
        {action.protection} · credential: {action.credentialSet ? "set" : "not set"} ·{" "}
        {action.live ? "live" : "in the draft only"}
        {action.enabled ? "" : " · disabled"}
      </p>
      <Status>{submission.message}</Status>
      {canEdit && (
        <div class="c-actions">
          <button type="button" onClick={props.onEdit} aria-describedby={headingId}>
            Edit
          </button>
          <button
            type="button"
            onClick={() => setTesting(!testing)}
            aria-describedby={headingId}
            aria-expanded={testing}
          >
            Test action
          </button>
          <button type="button" onClick={remove} aria-describedby={headingId} disabled={submission.busy}>
            Remove
          </button>
        </div>
      )}
      {testing && <ActionTest agentId={agentId} action={action} />}
    </li>
  );
}

export function ActionsTab({ me, agentId }: { me: Me; agentId: string }): VNode {
  const canEdit = grants(me.role, "editor");
  const list = useLoad(() => api<Listing>(`/agents/${encodeURIComponent(agentId)}/actions`), [agentId]);
  const [editing, setEditing] = useState<ActionView | "new" | null>(null);
  const [note, setNote] = useState("");
  const done = (message: string): void => {
    setEditing(null);
    setNote(message);
    list.reload();
  };
  const actions = list.data?.actions ?? [];
  return (
    <>
      <p>
        Actions let the agent call your systems — look up an order, reset a password. They are part of the agent's
        settings: a change is saved to the draft and goes live when the agent is published under{" "}
        <a href={hrefOf({ page: "agent", agentId, tab: "profile" })}>Profile and publishing</a>. Credentials are stored
        encrypted and never shown again.
      </p>
      <Status>{note}</Status>
      <section aria-labelledby="actions-heading">
        <h2 id="actions-heading">Actions</h2>
        {list.error && <p role="alert">{list.error}</p>}
        {!list.data && !list.error && <p>Loading…</p>}
        {list.data && actions.length === 0 && <p>No actions yet.</p>}
        <ul class="c-list">
          {actions.map((action) =>
            editing !== "new" && editing?.id === action.id ? (
              <li key={action.id}>
                <ActionEditor agentId={agentId} action={action} onDone={done} />
              </li>
            ) : (
              <ActionCard
                key={action.id}
                agentId={agentId}
                action={action}
                canEdit={canEdit}
                onEdit={() => setEditing(action)}
                onChanged={done}
              />
            ),
          )}
        </ul>
      </section>
      {canEdit && editing === "new" && <ActionEditor agentId={agentId} action={null} onDone={done} />}
      {canEdit && editing === null && (
        <button type="button" class="c-primary" onClick={() => setEditing("new")}>
          Add an action
        </button>
      )}
      {!canEdit && <Status>Changing actions needs the editor role.</Status>}
    </>
  );
}
