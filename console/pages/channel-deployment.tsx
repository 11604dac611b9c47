/**
 * One channel deployment on the Channels page: its address, which secrets are set (never their
 * values), the inbound URL to paste into the platform, and — for editors — a connection test,
 * a form to change its settings or replace a secret, and removal after a confirmation.
 */
import type { VNode } from "preact";
import { useState } from "preact/hooks";
import { api } from "../api";
import { Status, TextField, useSubmission } from "../form";
import { CHANNEL_FIELDS, CHANNEL_NAMES, type Deployment, filledIn, inboundOf } from "./channel-fields";

type Check = { ok: boolean; detail: string };

function ChangeForm({ deployment, onDone }: { deployment: Deployment; onDone: (message: string) => void }): VNode {
  const specs = CHANNEL_FIELDS[deployment.channel].filter((spec) => spec.name !== "address");
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries(specs.map((spec) => [spec.name, spec.secret ? "" : (deployment.config[spec.name] ?? "")])),
  );
  const submission = useSubmission();
  const name = `${CHANNEL_NAMES[deployment.channel]} ${deployment.address}`;
  const save = async (event: Event): Promise<void> => {
    event.preventDefault();
    const body = filledIn(values, specs);
    for (const spec of specs)
      if (!spec.secret && body[spec.name] === deployment.config[spec.name]) delete body[spec.name];
    if (Object.keys(body).length === 0) return onDone("Nothing changed.");
    const ok = await submission.run(() =>
      api(`/agents/${encodeURIComponent(deployment.agentId)}/channels/${encodeURIComponent(deployment.id)}`, {
        method: "PATCH",
        json: body,
      }),
    );
    if (ok) onDone("Saved: it applies at once.");
  };
  return (
    <form onSubmit={save} aria-label={`Change ${name}`}>
      {specs.map((spec) => (
        <TextField
          key={spec.name}
          label={spec.label}
          name={spec.name}
          errors={submission.errors}
          type={spec.secret ? "password" : spec.type}
          autocomplete={spec.secret ? "off" : undefined}
          hint={
            spec.secret
              ? deployment.secretsSet.includes(spec.name)
                ? "Set — leave empty to keep."
                : "Not set."
              : spec.hint
          }
          value={values[spec.name] ?? ""}
          onValue={(value) => setValues({ ...values, [spec.name]: value })}
        />
      ))}
      <Status>{submission.message}</Status>
      <div class="c-actions">
        <button type="submit" class="c-primary" disabled={submission.busy}>
          Save changes
        </button>
        <button type="button" onClick={() => onDone("")}>
          Cancel
        </button>
      </div>
    </form>
  );
}

export function DeploymentCard({
  deployment,
  canEdit,
  onChanged,
}: {
  deployment: Deployment;
  canEdit: boolean;
  onChanged: () => void;
}): VNode {
  const [editing, setEditing] = useState(false);
  const [check, setCheck] = useState<Check | null>(null);
  const [note, setNote] = useState("");
  const submission = useSubmission();
  const path = `/agents/${encodeURIComponent(deployment.agentId)}/channels/${encodeURIComponent(deployment.id)}`;
  const name = `${CHANNEL_NAMES[deployment.channel]} ${deployment.address}`;
  const inbound = inboundOf(deployment, location.origin);
  const headingId = `dep-${deployment.id}`;

  const test = () =>
    submission.run(async () => {
      setCheck(null);
      setCheck(await api<Check>(`${path}/test`, { method: "POST" }));
    });
  const remove = async (): Promise<void> => {
    if (!window.confirm(`Remove the agent from ${name}? Its conversations stay; new messages go to a person.`)) return;
    if (await submission.run(() => api(path, { method: "DELETE" }))) onChanged();
  };

  return (
    <li class="c-card" aria-labelledby={headingId}>
      <h3 id={headingId}>
        {CHANNEL_NAMES[deployment.channel]}: <span class="c-break">{deployment.address}</span>
      </h3>
      {deployment.removedAt !== null && (
        <p class="c-warning">Removed {new Date(deployment.removedAt).toLocaleString()}: new messages go to a person.</p>
      )}
      {(deployment.secretsSet.length > 0 || deployment.secretsMissing.length > 0) && (
        <p>
          Secrets: {deployment.secretsSet.map((s) => `${s} set`).join(", ")}
          {deployment.secretsSet.length > 0 && deployment.secretsMissing.length > 0 ? ", " : ""}
          {deployment.secretsMissing.map((s) => `${s} missing`).join(", ")}
        </p>
      )}
      {Object.keys(deployment.config).length > 0 && (
        <p class="c-break">
          {Object.entries(deployment.config)
            .map(([key, value]) => `${key}: ${value}`)
            .join(" · ")}
        </p>
      )}
      {deployment.removedAt === null &&
        ("url" in inbound ? (
          <p>
            Inbound URL (paste it into the platform): <code class="c-break">{inbound.url}</code>
          </p>
        ) : (
          <p>{inbound.text}</p>
        ))}
      {check && (
        <p role="status" class={check.ok ? "c-message" : "c-warning"}>
          {check.ok ? "Connection works" : "Connection failed"}: {check.detail}
        </p>
      )}
      <Status>{submission.message || note}</Status>
      {canEdit && deployment.removedAt === null && !editing && (
        <div class="c-actions">
          <button type="button" onClick={test} aria-describedby={headingId} disabled={submission.busy}>
            Test connection
          </button>
          <button type="button" onClick={() => setEditing(true)} aria-describedby={headingId}>
            Change
          </button>
          <button type="button" onClick={remove} aria-describedby={headingId} disabled={submission.busy}>
            Remove
          </button>
        </div>
      )}
      {editing && (
        <ChangeForm
          deployment={deployment}
          onDone={(message) => {
            setEditing(false);
            setNote(message);
            onChanged();
          }}
        />
      )}
    </li>
  );
}
