/**
 * The agent's lead-qualification goal as a form: on/off, up to five questions (each filling a
 * contact property, with the answers that earn its score and an optional validation pattern), the
 * thresholds of the labels, trigger phrases, and what happens to a qualified lead (a meeting link,
 * or a handoff to a team). Saved as a draft through `PUT /api/agents/:id`, or saved and published;
 * the API's field errors show under their fields. Each question is a goal-question.tsx; the leads
 * list (leads.tsx) follows.
 */
import type { VNode } from "preact";
import { useEffect, useState } from "preact/hooks";
import { ApiFailure, api, grants, type Me } from "../api";
import { Field, Status, TextField, useSubmission } from "../form";
import { useLoad } from "../load";
import { emptyRow, GoalQuestion, type Row } from "./goal-question";
import { LeadsList } from "./leads";

const MAX_CRITERIA = 5; // as worker/goals/definition.ts

type Config = { name: string; personality: string; greeting: string; settings: Record<string, unknown> };
type AgentView = Config & { draft: Config | null };
type Form = {
  enabled: boolean;
  rows: Row[];
  qualified: string;
  partial: string;
  triggerPhrases: string;
  outcome: "handoff" | "meeting_link";
  url: string;
  teamId: string;
};
type SavedGoal = {
  enabled?: boolean;
  criteria?: { question: string; property: string; accepted?: string[]; pattern?: string; score: number }[];
  thresholds?: { qualified: number; partial: number };
  triggerPhrases?: string[];
  qualified?: { kind: "meeting_link"; url: string } | { kind: "handoff"; routing?: { type: string; teamId?: string } };
};

function formOf(goal: SavedGoal | undefined): Form {
  const qualified = goal?.qualified;
  return {
    enabled: goal?.enabled ?? false,
    rows: goal?.criteria?.map((c) => ({
      question: c.question,
      property: c.property,
      accepted: (c.accepted ?? []).join(", "),
      pattern: c.pattern ?? "",
      score: String(c.score),
    })) ?? [emptyRow()],
    qualified: String(goal?.thresholds?.qualified ?? 50),
    partial: String(goal?.thresholds?.partial ?? 20),
    triggerPhrases: (goal?.triggerPhrases ?? []).join("\n"),
    outcome: qualified?.kind ?? "handoff",
    url: qualified?.kind === "meeting_link" ? qualified.url : "",
    teamId: qualified?.kind === "handoff" ? (qualified.routing?.teamId ?? "") : "",
  };
}

const list = (text: string, separator: RegExp): string[] =>
  text
    .split(separator)
    .map((item) => item.trim())
    .filter(Boolean);

function goalOf(form: Form) {
  return {
    enabled: form.enabled,
    criteria: form.rows.map((row) => ({
      question: row.question,
      property: row.property,
      accepted: list(row.accepted, /,/),
      ...(row.pattern.trim() ? { pattern: row.pattern.trim() } : {}),
      score: Number(row.score),
    })),
    thresholds: { qualified: Number(form.qualified), partial: Number(form.partial) },
    triggerPhrases: list(form.triggerPhrases, /\n/),
    qualified:
      form.outcome === "meeting_link"
        ? { kind: "meeting_link", url: form.url.trim() }
        : { kind: "handoff", ...(form.teamId ? { routing: { type: "team", teamId: form.teamId } } : {}) },
  };
}

export function GoalsTab({ me, agentId }: { me: Me; agentId: string }): VNode {
  const agent = useLoad(() => api<AgentView>(`/agents/${agentId}`), [agentId]);
  const properties = useLoad(() => api<{ items: { name: string; label: string }[] }>("/contact-properties"), []);
  const teams = useLoad(() => api<{ items: { id: string; name: string }[] }>("/teams"), []);
  const canEdit = grants(me.role, "editor");
  const [form, setForm] = useState<Form | null>(null);
  const submission = useSubmission();
  const config = agent.data ? (agent.data.draft ?? agent.data) : null;
  useEffect(() => {
    if (config) setForm(formOf(config.settings.goal as SavedGoal | undefined));
  }, [agent.data]);
  const failure = agent.error ?? properties.error ?? teams.error;
  if (failure) return <p role="alert">{failure}</p>;
  // The selects need their options before their values: a value without its option would show (and save) the first one.
  if (!config || !form || !properties.data || !teams.data) return <p>Loading…</p>;
  const propertyItems = properties.data.items;
  const teamItems = teams.data.items;

  const errors = submission.errors;
  const setRow = (index: number, change: Partial<Row>): void =>
    setForm({ ...form, rows: form.rows.map((row, i) => (i === index ? { ...row, ...change } : row)) });
  const save = async (publish: boolean): Promise<void> => {
    const settings = { ...config.settings, goal: goalOf(form) };
    await submission.run(
      async () => {
        await api(`/agents/${agentId}`, {
          method: "PUT",
          json: { name: config.name, personality: config.personality, greeting: config.greeting, settings },
        });
        if (publish)
          await api(`/agents/${agentId}/publish`, { method: "POST" }).catch((failure: unknown) => {
            if (!(failure instanceof ApiFailure && failure.code === "nothing_to_publish")) throw failure;
          });
        agent.reload();
      },
      publish ? "Saved and published." : "Saved as a draft. Publish it here or under Profile and publishing.",
    );
  };
  const formErrors = Object.entries(errors).filter(
    ([path]) => path === "settings.goal" || path === "settings.goal.criteria",
  );

  return (
    <>
      <form
        aria-label="Lead qualification"
        onSubmit={(event) => {
          event.preventDefault();
          void save(false);
        }}
      >
        <fieldset disabled={!canEdit}>
          <div class="c-card">
            <h2>Lead qualification</h2>
            <p class="c-hint">
              When a visitor shows buying intent (pricing, plans, a demo, sales) or writes a trigger phrase, the agent
              asks these questions one at a time, stores the answers on the conversation and the contact, and labels the
              lead by the total score of the accepted answers.
            </p>
            <label class="c-check">
              <input
                type="checkbox"
                checked={form.enabled}
                onChange={(e) => setForm({ ...form, enabled: e.currentTarget.checked })}
              />
              Ask qualifying questions
            </label>
          </div>
          {form.rows.map((row, index) => (
            <GoalQuestion
              key={index}
              index={index}
              row={row}
              errors={errors}
              properties={propertyItems}
              onChange={(change) => setRow(index, change)}
              onRemove={
                form.rows.length > 1
                  ? () => setForm({ ...form, rows: form.rows.filter((_, i) => i !== index) })
                  : undefined
              }
            />
          ))}
          {formErrors.map(([path, message]) => (
            <p key={path} class="c-error">
              {message}
            </p>
          ))}
          {form.rows.length < MAX_CRITERIA && (
            <button type="button" onClick={() => setForm({ ...form, rows: [...form.rows, emptyRow()] })}>
              Add a question
            </button>
          )}
          <div class="c-card">
            <h2>Labels and what happens next</h2>
            <TextField
              label="Qualified from score"
              name="settings.goal.thresholds.qualified"
              errors={errors}
              inputMode="numeric"
              value={form.qualified}
              onValue={(qualified) => setForm({ ...form, qualified })}
            />
            <TextField
              label="Partially qualified from score"
              name="settings.goal.thresholds.partial"
              errors={errors}
              inputMode="numeric"
              value={form.partial}
              onValue={(partial) => setForm({ ...form, partial })}
            />
            <TextField
              label="Trigger phrases"
              name="settings.goal.triggerPhrases"
              errors={errors}
              hint="One per line; besides buying intent, these start the questions."
              multiline
              value={form.triggerPhrases}
              onValue={(triggerPhrases) => setForm({ ...form, triggerPhrases })}
            />
            <Field label="For a qualified lead" name="settings.goal.qualified" errors={errors}>
              {(id, describedBy) => (
                <select
                  id={id}
                  value={form.outcome}
                  aria-describedby={describedBy}
                  onChange={(e) => setForm({ ...form, outcome: e.currentTarget.value as Form["outcome"] })}
                >
                  <option value="handoff">Hand off to a person</option>
                  <option value="meeting_link">Share a meeting link</option>
                </select>
              )}
            </Field>
            {form.outcome === "meeting_link" ? (
              <TextField
                label="Meeting link"
                name="settings.goal.qualified.url"
                errors={errors}
                type="url"
                value={form.url}
                onValue={(url) => setForm({ ...form, url })}
              />
            ) : (
              <Field label="Team" name="settings.goal.qualified.routing.teamId" errors={errors}>
                {(id, describedBy) => (
                  <select
                    id={id}
                    value={form.teamId}
                    aria-describedby={describedBy}
                    onChange={(e) => setForm({ ...form, teamId: e.currentTarget.value })}
                  >
                    <option value="">The agent's handoff routing</option>
                    {teamItems.map((team) => (
                      <option key={team.id} value={team.id}>
                        {team.name}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
            )}
          </div>
          <Status>{submission.message}</Status>
          {canEdit && (
            <div class="c-actions">
              <button type="submit" disabled={submission.busy}>
                Save draft
              </button>
              <button type="button" class="c-primary" disabled={submission.busy} onClick={() => void save(true)}>
                Save and publish
              </button>
            </div>
          )}
        </fieldset>
      </form>
      {grants(me.role, "editor") ? (
        <LeadsList agentId={agentId} />
      ) : (
        <p>Seeing leads needs the editor role: they hold visitors' answers.</p>
      )}
    </>
  );
}
