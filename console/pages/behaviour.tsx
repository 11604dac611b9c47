/**
 * The agent's behaviour settings, one section each — guidelines and topics to avoid, each channel's
 * settings (email capture, inactivity, working hours; email's signature, reply mode, ignore list),
 * handoff rules, CRM data access, abuse limits and model prices — edited as JSON documents and
 * saved as a draft like the profile. The API checks
 * each section; its field errors show under the section they belong to, and its warnings (weak CRM
 * protection, any site allowed) are shown as they come.
 */
import type { VNode } from "preact";
import { useEffect, useState } from "preact/hooks";
import { api, grants, type Me } from "../api";
import { Status, useSubmission } from "../form";
import { useLoad } from "../load";

type Config = { name: string; personality: string; greeting: string; settings: Record<string, unknown> };
type AgentView = Config & { draft: Config | null };

/** Sections of `settings`: the key, its title and what it holds (README documents each). */
const SECTIONS = [
  ["guidelines", "Guidelines and topics", "Response style, frustrated visitors, topics to avoid."],
  [
    "channels",
    "Channel settings",
    "Per channel (live_chat, email, whatsapp, messenger, custom): email capture, inactivity minutes, working hours; " +
      "email also signature, replyMode (sender or all) and ignoreList. Deployments are on the Channels tab.",
  ],
  ["handoff", "Handoff rules", "Mode, trigger phrases, routing, expected response time, webhook."],
  ["crm", "CRM data access", "Which contact properties the agent reads or edits, and the checks each needs."],
  ["limits", "Abuse limits", "Conversation starts per IP and per agent, messages per conversation."],
  ["modelPrices", "Model prices", "Dollars per million input and output tokens, by model id."],
] as const;

const asText = (value: unknown): string => (value === undefined ? "" : JSON.stringify(value, null, 2));

export function BehaviourTab({ me, agentId }: { me: Me; agentId: string }): VNode {
  const agent = useLoad(() => api<AgentView>(`/agents/${agentId}`), [agentId]);
  const canEdit = grants(me.role, "editor");
  const [texts, setTexts] = useState<Record<string, string> | null>(null); // null until the saved settings are in
  const [syntax, setSyntax] = useState<Record<string, string>>({});
  const [warnings, setWarnings] = useState<string[]>([]);
  const submission = useSubmission();
  const config = agent.data ? (agent.data.draft ?? agent.data) : null;
  useEffect(() => {
    if (config) setTexts(Object.fromEntries(SECTIONS.map(([key]) => [key, asText(config.settings[key])])));
  }, [agent.data]);
  if (agent.error) return <p role="alert">{agent.error}</p>;
  if (!config || !texts) return <p>Loading…</p>;

  const save = async (event: Event): Promise<void> => {
    event.preventDefault();
    const settings: Record<string, unknown> = { ...config.settings };
    const bad: Record<string, string> = {};
    for (const [key] of SECTIONS) {
      const text = texts[key]?.trim() ?? "";
      try {
        settings[key] = text === "" ? undefined : JSON.parse(text);
      } catch {
        bad[key] = "Not valid JSON";
      }
    }
    setSyntax(bad);
    if (Object.keys(bad).length > 0) return;
    await submission.run(async () => {
      const saved = await api<{ warnings?: string[] }>(`/agents/${agentId}`, {
        method: "PUT",
        json: { name: config.name, personality: config.personality, greeting: config.greeting, settings },
      });
      setWarnings(saved.warnings ?? []);
      agent.reload();
    }, "Saved as a draft. Publish it under Profile and publishing.");
  };
  const errorsOf = (key: string): string[] => [
    ...(syntax[key] ? [syntax[key]] : []),
    ...Object.entries(submission.errors)
      .filter(([path]) => path === `settings.${key}` || path.startsWith(`settings.${key}.`))
      .map(([path, message]) => `${path.slice("settings.".length)}: ${message}`),
  ];
  return (
    <form onSubmit={save} aria-label="Behaviour settings">
      <fieldset disabled={!canEdit}>
        {SECTIONS.map(([key, title, hint]) => {
          const errors = errorsOf(key);
          const id = `s-${key}`;
          return (
            <div key={key} class={errors.length ? "c-card c-field c-invalid" : "c-card c-field"}>
              <label for={id}>{title}</label>
              <small id={`${id}-hint`} class="c-hint">
                {hint} JSON; empty: the defaults.
              </small>
              <textarea
                id={id}
                class="c-code"
                spellcheck={false}
                value={texts[key] ?? ""}
                aria-describedby={`${id}-hint${errors.length ? ` ${id}-error` : ""}`}
                onInput={(e) => setTexts({ ...texts, [key]: e.currentTarget.value })}
              />
              {errors.length > 0 && (
                <small id={`${id}-error`} class="c-error">
                  {errors.join("; ")}
                </small>
              )}
            </div>
          );
        })}
        {warnings.map((warning) => (
          <p key={warning} class="c-warning">
            {warning}
          </p>
        ))}
        <Status>{submission.message}</Status>
        {canEdit && (
          <button type="submit" class="c-primary" disabled={submission.busy}>
            Save draft
          </button>
        )}
      </fieldset>
    </form>
  );
}
