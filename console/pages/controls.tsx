/**
 * Live controls (not versioned: they apply at once): the on/off switch, the monthly credits and the
 * daily token budget, with this period's usage; and the signing secrets, shown once when rotated.
 * Owners change them; others read.
 */
import type { VNode } from "preact";
import { useEffect, useState } from "preact/hooks";
import { api, grants, type Me } from "../api";
import { Field, Status, TextField, useSubmission } from "../form";
import { useLoad } from "../load";

type Controls = {
  enabled: boolean;
  monthlyCredits: number | null;
  creditResetDay: number;
  creditsPerResolution: number;
  dailyTokenLimit: number | null;
};
type Usage = {
  period: string;
  used: number;
  allowance: number | null;
  tokens: { used: number; dailyLimit: number | null };
};
type SecretInfo = { configured: boolean; createdAt: number | null };

const SECRETS = [
  ["webhook-secret", "Webhook signing secret"],
  ["identity-secret", "Identity verification secret"],
] as const;

/** A number field's value: empty means none (null). */
const numberOrNull = (text: string): number | null => (text.trim() === "" ? null : Number(text));

function Secret({
  agentId,
  path,
  label,
  canRotate,
}: {
  agentId: string;
  path: string;
  label: string;
  canRotate: boolean;
}): VNode {
  const info = useLoad(() => api<SecretInfo>(`/agents/${agentId}/${path}`), [agentId, path]);
  const [shown, setShown] = useState<string | null>(null);
  const submission = useSubmission();
  const rotate = () =>
    submission.run(async () => {
      setShown((await api<{ secret: string }>(`/agents/${agentId}/${path}`, { method: "POST" })).secret);
      info.reload();
    });
  return (
    <li>
      {label}:{" "}
      {info.data?.configured
        ? `set ${info.data.createdAt ? new Date(info.data.createdAt).toLocaleString() : ""}`
        : "not set"}
      {canRotate && (
        <button type="button" onClick={rotate} disabled={submission.busy}>
          {info.data?.configured ? `Rotate ${label.toLowerCase()}` : `Create ${label.toLowerCase()}`}
        </button>
      )}
      <Status>{submission.message}</Status>
      {shown && (
        <p role="status">
          Shown this once: <code>{shown}</code>
        </p>
      )}
    </li>
  );
}

export function ControlsTab({ me, agentId }: { me: Me; agentId: string }): VNode {
  const owner = grants(me.role, "owner");
  const controls = useLoad(() => api<Controls>(`/agents/${agentId}/controls`), [agentId]);
  const usage = useLoad(() => api<Usage>(`/agents/${agentId}/usage`), [agentId]);
  const [form, setForm] = useState<Record<keyof Controls, string>>({
    enabled: "true",
    monthlyCredits: "",
    creditResetDay: "1",
    creditsPerResolution: "1",
    dailyTokenLimit: "",
  });
  const submission = useSubmission();
  useEffect(() => {
    const c = controls.data;
    if (c)
      setForm({
        enabled: String(c.enabled),
        monthlyCredits: c.monthlyCredits === null ? "" : String(c.monthlyCredits),
        creditResetDay: String(c.creditResetDay),
        creditsPerResolution: String(c.creditsPerResolution),
        dailyTokenLimit: c.dailyTokenLimit === null ? "" : String(c.dailyTokenLimit),
      });
  }, [controls.data]);
  const save = async (event: Event): Promise<void> => {
    event.preventDefault();
    await submission.run(async () => {
      await api(`/agents/${agentId}/controls`, {
        method: "PUT",
        json: {
          enabled: form.enabled === "true",
          monthlyCredits: numberOrNull(form.monthlyCredits),
          creditResetDay: Number(form.creditResetDay),
          creditsPerResolution: Number(form.creditsPerResolution),
          dailyTokenLimit: numberOrNull(form.dailyTokenLimit),
        },
      });
      controls.reload();
      usage.reload();
    }, "Saved: it applies at once.");
  };
  const input = (name: keyof Controls, label: string, hint?: string) => (
    <TextField
      label={label}
      name={name}
      errors={submission.errors}
      hint={hint}
      value={form[name]}
      onValue={(v) => setForm({ ...form, [name]: v })}
      inputMode="numeric"
    />
  );
  return (
    <>
      {usage.data && (
        <p>
          This period ({usage.data.period}): {usage.data.used} credits used
          {usage.data.allowance === null ? "" : ` of ${usage.data.allowance}`}; today {usage.data.tokens.used} tokens
          {usage.data.tokens.dailyLimit === null ? "" : ` of ${usage.data.tokens.dailyLimit}`}.
        </p>
      )}
      <form class="c-card" onSubmit={save} aria-labelledby="controls">
        <h2 id="controls">Controls and credits</h2>
        <fieldset disabled={!owner}>
          <Field
            label="The AI agent answers"
            name="enabled"
            errors={submission.errors}
            hint="Off: the widget stays and new conversations go to people."
          >
            {(id, d) => (
              <select
                id={id}
                value={form.enabled}
                aria-describedby={d}
                onChange={(e) => setForm({ ...form, enabled: e.currentTarget.value })}
              >
                <option value="true">On</option>
                <option value="false">Off</option>
              </select>
            )}
          </Field>
          {input("monthlyCredits", "Credits per month", "Empty: unlimited.")}
          {input("creditResetDay", "Reset day of the month (1–28)")}
          {input("creditsPerResolution", "Credits per resolved conversation")}
          {input("dailyTokenLimit", "Model tokens per day", "Empty: unlimited.")}
          <Status>{submission.message}</Status>
          {owner && (
            <button type="submit" class="c-primary" disabled={submission.busy}>
              Save controls
            </button>
          )}
        </fieldset>
      </form>
      <section class="c-card" aria-labelledby="secrets">
        <h2 id="secrets">Secrets</h2>
        <ul class="c-list">
          {SECRETS.map(([path, label]) => (
            <Secret key={path} agentId={agentId} path={path} label={label} canRotate={owner} />
          ))}
        </ul>
      </section>
    </>
  );
}
