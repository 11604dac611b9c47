/**
 * An agent's profile (name, personality, greeting, colour, avatar, allowed sites) saved as a draft, the
 * publishing controls (publish, unpublish, versions and restore) and the preview chat beside them,
 * which answers with the draft.
 */
import type { VNode } from "preact";
import { useEffect, useState } from "preact/hooks";
import { api, apiUpload, grants, type Me } from "../api";
import { Field, Status, TextField, useSubmission } from "../form";
import { useLoad } from "../load";
import { PERSONALITIES } from "./agents";
import { Preview } from "./preview";

type Config = { name: string; personality: string; greeting: string; settings: Record<string, unknown> };
type AgentView = Config & {
  id: string;
  publishedVersion: number;
  unpublishedAt: number | null;
  draft: (Config & { version: number }) | null;
};
type Version = { version: number; createdAt: number; publishedAt: number | null; live: boolean };

const when = (ms: number): string => new Date(ms).toLocaleString();

function Versions({
  agentId,
  canEdit,
  liveVersion,
  onRestored,
}: {
  agentId: string;
  canEdit: boolean;
  /** The live version: the list is read again when a publish changes it. */
  liveVersion: number;
  /** Called with the restore's warnings (live actions without their credential). */
  onRestored: (warnings: string[]) => void;
}): VNode {
  const versions = useLoad(() => api<{ items: Version[] }>(`/agents/${agentId}/versions`), [agentId, liveVersion]);
  const submission = useSubmission();
  const restore = async (version: number) => {
    let warnings: string[] = [];
    const ok = await submission.run(async () => {
      const restored = await api<{ warnings?: string[] }>(`/agents/${agentId}/restore`, {
        method: "POST",
        json: { version },
      });
      warnings = restored.warnings ?? [];
    }, `Version ${version} restored`);
    if (ok) onRestored(warnings); // the agent read again moves the live version, and the list is read again
  };
  return (
    <section class="c-card" aria-labelledby="versions">
      <h2 id="versions">Versions</h2>
      <Status>{submission.message}</Status>
      <ul class="c-list">
        {versions.data?.items.map((v) => (
          <li key={v.version}>
            Version {v.version} · saved {when(v.createdAt)}
            {v.live ? " · live" : v.publishedAt ? " · published before" : " · draft"}
            {canEdit && v.publishedAt && !v.live && (
              <button type="button" onClick={() => restore(v.version)}>
                Restore
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

export function ProfileTab({ me, agentId }: { me: Me; agentId: string }): VNode {
  const agent = useLoad(() => api<AgentView>(`/agents/${agentId}`), [agentId]);
  const canEdit = grants(me.role, "editor");
  const [form, setForm] = useState<Config | null>(null);
  const [origins, setOrigins] = useState("");
  const submission = useSubmission();
  const publishing = useSubmission();
  const [warnings, setWarnings] = useState<string[]>([]);
  /** What the last publish or restore warned of: live actions without their credential. */
  const [liveWarnings, setLiveWarnings] = useState<string[]>([]);

  useEffect(() => {
    const data = agent.data;
    if (!data) return;
    const config = data.draft ?? data;
    setForm({
      name: config.name,
      personality: config.personality,
      greeting: config.greeting,
      settings: config.settings,
    });
    setOrigins(((config.settings.allowedOrigins as string[] | undefined) ?? []).join("\n"));
  }, [agent.data]);

  if (agent.error) return <p role="alert">{agent.error}</p>;
  if (!agent.data || !form) return <p>Loading…</p>;
  const data = agent.data;
  const set = (change: Partial<Config>) => setForm({ ...form, ...change });
  const setting = (name: string, value: unknown) =>
    set({ settings: { ...form.settings, [name]: value === "" ? undefined : value } });

  const save = async (event: Event): Promise<void> => {
    event.preventDefault();
    const allowedOrigins = origins
      .split("\n")
      .map((o) => o.trim())
      .filter(Boolean);
    await submission.run(async () => {
      const saved = await api<{ warnings?: string[] }>(`/agents/${agentId}`, {
        method: "PUT",
        json: { ...form, settings: { ...form.settings, allowedOrigins } },
      });
      setWarnings(saved.warnings ?? []);
      agent.reload();
    }, "Saved as a draft. Publish to show it to visitors.");
  };
  /** Uploads the image; the profile then names it, and it shows once saved and published. */
  const uploadAvatar = (files: FileList | null) => {
    const file = files?.[0];
    if (!file) return;
    const body = new FormData();
    body.append("file", file);
    submission.run(async () => {
      const { avatar } = (await apiUpload(`/agents/${agentId}/avatar`, body)) as { avatar: string };
      setting("avatar", avatar);
    }, "Avatar uploaded: save the draft and publish to show it.");
  };
  const publishAction = (action: "publish" | "unpublish") =>
    publishing.run(
      async () => {
        const done = await api<{ warnings?: string[] }>(`/agents/${agentId}/${action}`, { method: "POST" });
        setLiveWarnings(done.warnings ?? []);
        agent.reload();
      },
      action === "publish" ? "Published." : "Unpublished: the widget shows no launcher for this agent.",
    );

  const live = data.unpublishedAt === null;
  return (
    <div class="c-split">
      <div>
        <section class="c-card" aria-labelledby="publishing">
          <h2 id="publishing">Publishing</h2>
          <p>
            {live ? `Live: version ${data.publishedVersion}.` : "Unpublished: not on any channel."}{" "}
            {data.draft ? `Draft version ${data.draft.version} is waiting.` : "No draft waiting."}
          </p>
          <Status>{publishing.message}</Status>
          {liveWarnings.map((warning) => (
            <p key={warning} class="c-warning">
              {warning}
            </p>
          ))}
          {canEdit && (
            <div class="c-actions">
              {(data.draft || !live) && (
                <button
                  type="button"
                  class="c-primary"
                  disabled={publishing.busy}
                  onClick={() => publishAction("publish")}
                >
                  Publish
                </button>
              )}
              {live && (
                <button type="button" disabled={publishing.busy} onClick={() => publishAction("unpublish")}>
                  Unpublish
                </button>
              )}
            </div>
          )}
        </section>
        <form class="c-card" onSubmit={save} aria-labelledby="profile">
          <h2 id="profile">Profile</h2>
          <fieldset disabled={!canEdit}>
            <TextField
              label="Name"
              name="name"
              errors={submission.errors}
              value={form.name}
              onValue={(v) => set({ name: v })}
            />
            <Field label="Personality" name="personality" errors={submission.errors}>
              {(id, d) => (
                <select
                  id={id}
                  value={form.personality}
                  aria-describedby={d}
                  onChange={(e) => set({ personality: e.currentTarget.value })}
                >
                  {[...PERSONALITIES, ...(form.personality === "brand_voice" ? ["brand_voice"] : [])].map((p) => (
                    <option key={p} value={p}>
                      {p}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <TextField
              label="Greeting"
              name="greeting"
              errors={submission.errors}
              value={form.greeting}
              onValue={(v) => set({ greeting: v })}
              multiline
            />
            <TextField
              label="Accent colour"
              name="settings.accentColor"
              errors={submission.errors}
              hint="A hex colour like #4f46e5"
              value={(form.settings.accentColor as string | undefined) ?? ""}
              onValue={(v) => setting("accentColor", v)}
            />
            <Field
              label="Avatar"
              name="settings.avatar"
              errors={submission.errors}
              hint="PNG, JPEG, WebP or GIF, up to 512 KB."
            >
              {(id, d) => (
                <input
                  id={id}
                  type="file"
                  accept="image/*"
                  aria-describedby={d}
                  onChange={(e) => uploadAvatar(e.currentTarget.files)}
                />
              )}
            </Field>
            <TextField
              label="Sites that may show the widget"
              name="settings.allowedOrigins"
              errors={submission.errors}
              hint="One origin per line, like https://www.example.com. Empty: any site."
              value={origins}
              onValue={setOrigins}
              multiline
            />
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
        <Versions
          agentId={agentId}
          canEdit={canEdit}
          liveVersion={data.publishedVersion}
          onRestored={(restoredWarnings) => {
            setLiveWarnings(restoredWarnings);
            agent.reload();
          }}
        />
      </div>
      <Preview agentId={agentId} />
    </div>
  );
}
