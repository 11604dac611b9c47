/**
 * Backups (owners): what `npm run backup` and `npm run restore` do, and the three things a restore
 * needs from the console — download every transcript (each page is audited on the server), check which
 * stored secrets this deployment's SECRETS_KEY cannot open, and rebuild every knowledge index.
 */
import type { VNode } from "preact";
import { useState } from "preact/hooks";
import { api } from "../api";
import { Status, useSubmission } from "../form";

type Unreadable = { kind: string; agentId: string; name: string; code: string; setAgain: string };
type SecretsCheck = { checked: number; unreadable: Unreadable[] };
type TranscriptPage = { conversations: unknown[]; nextCursor: string | null };

const TRANSCRIPT_PAGE = 50; // the server's largest page

/** Pages through every transcript and offers them as one JSON Lines file, as the backup script stores them. */
function Transcripts(): VNode {
  const [count, setCount] = useState<number | null>(null);
  const submission = useSubmission();
  const download = (): Promise<boolean> =>
    submission.run(async () => {
      const lines: string[] = [];
      let cursor: string | null = null;
      do {
        const query = new URLSearchParams({ limit: String(TRANSCRIPT_PAGE), ...(cursor ? { cursor } : {}) });
        const page: TranscriptPage = await api<TranscriptPage>(`/backup/transcripts?${query}`);
        for (const conversation of page.conversations) lines.push(JSON.stringify(conversation));
        cursor = page.nextCursor;
      } while (cursor);
      const file = new Blob(
        lines.map((line) => `${line}\n`),
        { type: "application/x-ndjson" },
      );
      const link = document.createElement("a");
      link.href = URL.createObjectURL(file);
      link.download = "transcripts.jsonl";
      link.click();
      URL.revokeObjectURL(link.href);
      setCount(lines.length);
    });
  return (
    <section class="c-card" aria-labelledby="transcripts">
      <h2 id="transcripts">Transcripts</h2>
      <p class="c-hint">
        Every conversation with its whole log, one per line. Each page read is written to the audit log: it hands out
        every visitor's words.
      </p>
      <button type="button" disabled={submission.busy} onClick={download}>
        Download every transcript
      </button>
      <Status>{count !== null ? `${count} conversations downloaded.` : submission.message}</Status>
    </section>
  );
}

/** Which sealed secrets do not open here: after a restore under another SECRETS_KEY, the ones to set again. */
function StoredSecrets(): VNode {
  const [check, setCheck] = useState<SecretsCheck | null>(null);
  const submission = useSubmission();
  const run = (): Promise<boolean> => submission.run(async () => setCheck(await api<SecretsCheck>("/backup/secrets")));
  return (
    <section class="c-card" aria-labelledby="stored-secrets">
      <h2 id="stored-secrets">Stored secrets</h2>
      <p class="c-hint">
        Signing secrets, action credentials and channel secrets are sealed with SECRETS_KEY. After a restore under
        another key, they must be set again. Values are never shown.
      </p>
      <button type="button" disabled={submission.busy} onClick={run}>
        Check stored secrets
      </button>
      <Status>
        {check && check.unreadable.length === 0
          ? `All ${check.checked} stored secrets open with this deployment's key.`
          : submission.message}
      </Status>
      {check && check.unreadable.length > 0 && (
        <table class="c-table">
          <caption>
            {check.unreadable.length} of {check.checked} stored secrets do not open: set them again
          </caption>
          <thead>
            <tr>
              <th scope="col">Agent</th>
              <th scope="col">Secret</th>
              <th scope="col">Set it again with</th>
            </tr>
          </thead>
          <tbody>
            {check.unreadable.map((secret) => (
              <tr key={`${secret.kind}/${secret.agentId}/${secret.name}`}>
                <td>{secret.agentId}</td>
                <td>
                  {secret.kind.replace(/_/g, " ")}: {secret.name}
                </td>
                <td>
                  <code>{secret.setAgain}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** Rebuilds every agent's index from its sources: articles at once, files and URLs in the background. */
function Reindex(): VNode {
  const submission = useSubmission();
  const [done, setDone] = useState<string | null>(null);
  const rebuild = async (): Promise<void> => {
    if (!confirm("Rebuild every knowledge index? URL sources are crawled again; answers use full text meanwhile."))
      return;
    await submission.run(async () => {
      const report = await api<{ sourcesQueued: number; articlesIndexed: number }>("/backup/reindex", {
        method: "POST",
      });
      setDone(`${report.articlesIndexed} articles indexed; ${report.sourcesQueued} sources queued to be read again.`);
    });
  };
  return (
    <section class="c-card" aria-labelledby="reindex">
      <h2 id="reindex">Knowledge indexes</h2>
      <p class="c-hint">A backup holds the sources, not the indexes: after a restore, rebuild them.</p>
      <button type="button" disabled={submission.busy} onClick={rebuild}>
        Rebuild every knowledge index
      </button>
      <Status>{done ?? submission.message}</Status>
    </section>
  );
}

export function BackupsPage(): VNode {
  return (
    <>
      <h1>Backups</h1>
      <p>
        <code>npm run backup</code> copies D1's rows, the stored files and every transcript into a folder;{" "}
        <code>npm run restore</code> brings one into a deployment. Keep SECRETS_KEY with your backups, somewhere else: a
        backup never holds it.
      </p>
      <Transcripts />
      <StoredSecrets />
      <Reindex />
    </>
  );
}
