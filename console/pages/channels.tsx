/**
 * The agent's channels: where it is deployed besides the chat widget (email, WhatsApp, Messenger,
 * a custom channel), each with its inbound URL, and a form to deploy it on another. A custom
 * channel's generated signing secret is shown once, right after deploying. How the agent behaves
 * on each channel (working hours, inactivity, email capture, signature…) is versioned with its
 * other settings, on the Behaviour tab.
 */
import type { VNode } from "preact";
import { useState } from "preact/hooks";
import { api, grants, type Me } from "../api";
import { Field, Status, TextField, useSubmission } from "../form";
import { useLoad } from "../load";
import { hrefOf } from "../route";
import { DeploymentCard } from "./channel-deployment";
import {
  CHANNEL_FIELDS,
  CHANNEL_NAMES,
  CHANNEL_TYPES,
  type ChannelType,
  type Deployment,
  filledIn,
} from "./channel-fields";

type Deployed = Deployment & { signingSecret?: string };

function DeployForm({ agentId, onDeployed }: { agentId: string; onDeployed: (deployed: Deployed) => void }): VNode {
  const [channel, setChannel] = useState<ChannelType>("email");
  const [values, setValues] = useState<Record<string, string>>({});
  const submission = useSubmission();
  const specs = CHANNEL_FIELDS[channel];
  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    const result: { deployed?: Deployed } = {};
    const ok = await submission.run(async () => {
      result.deployed = await api<Deployed>(`/agents/${encodeURIComponent(agentId)}/channels`, {
        method: "POST",
        json: { channel, ...filledIn(values, specs) },
      });
    }, "Deployed.");
    if (ok && result.deployed) {
      setValues({});
      onDeployed(result.deployed);
    }
  };
  return (
    <form class="c-card" onSubmit={submit} aria-labelledby="deploy">
      <h2 id="deploy">Deploy to a channel</h2>
      <Field label="Channel" name="channel" errors={submission.errors}>
        {(id, describedBy) => (
          <select
            id={id}
            value={channel}
            aria-describedby={describedBy}
            onChange={(e) => {
              setChannel(e.currentTarget.value as ChannelType);
              setValues({}); // one channel's address means nothing on another
            }}
          >
            {CHANNEL_TYPES.map((type) => (
              <option key={type} value={type}>
                {CHANNEL_NAMES[type]}
              </option>
            ))}
          </select>
        )}
      </Field>
      {specs.map((spec) => (
        <TextField
          key={`${channel}-${spec.name}`}
          label={spec.label}
          name={spec.name}
          errors={submission.errors}
          type={spec.secret ? "password" : spec.type}
          autocomplete={spec.secret ? "off" : undefined}
          required={!spec.optional}
          hint={spec.hint}
          value={values[spec.name] ?? ""}
          onValue={(value) => setValues({ ...values, [spec.name]: value })}
        />
      ))}
      <Status>{submission.message}</Status>
      <button type="submit" class="c-primary" disabled={submission.busy}>
        Deploy
      </button>
    </form>
  );
}

export function ChannelsTab({ me, agentId }: { me: Me; agentId: string }): VNode {
  const canEdit = grants(me.role, "editor");
  const list = useLoad(
    () => api<{ items: Deployment[] }>(`/agents/${encodeURIComponent(agentId)}/channels`),
    [agentId],
  );
  const [secret, setSecret] = useState<{ address: string; value: string } | null>(null);
  const onDeployed = (deployed: Deployed): void => {
    setSecret(deployed.signingSecret ? { address: deployed.address, value: deployed.signingSecret } : null);
    list.reload();
  };
  const items = list.data?.items ?? [];
  return (
    <>
      <p>
        The chat widget needs no deployment. How the agent behaves on each channel — working hours, inactivity, email
        capture, the email signature, reply mode and ignore list — is set with its other settings under{" "}
        <a href={hrefOf({ page: "agent", agentId, tab: "behaviour" })}>Behaviour</a> (the channel settings section).
      </p>
      {secret && (
        <div class="c-warning" role="status">
          <p>
            Signing secret of {secret.address}: <code class="c-break">{secret.value}</code>
          </p>
          <p>Copy it now, it is not shown again.</p>
        </div>
      )}
      <section aria-labelledby="deployments">
        <h2 id="deployments">Deployments</h2>
        {list.error && <p role="alert">{list.error}</p>}
        {!list.data && !list.error && <p>Loading…</p>}
        {list.data && items.length === 0 && <p>Not deployed on any channel yet.</p>}
        <ul class="c-list">
          {items.map((deployment) => (
            <DeploymentCard key={deployment.id} deployment={deployment} canEdit={canEdit} onChanged={list.reload} />
          ))}
        </ul>
      </section>
      {canEdit ? (
        <DeployForm agentId={agentId} onDeployed={onDeployed} />
      ) : (
        <Status>Deploying needs the editor role.</Status>
      )}
    </>
  );
}
