/** The preview chat beside the settings: the existing preview page (draft configuration, evidence shown), framed. */
import type { VNode } from "preact";
import { useState } from "preact/hooks";
import { api } from "../api";
import { Status, useSubmission } from "../form";

export function Preview({ agentId }: { agentId: string }): VNode {
  const [url, setUrl] = useState<string | null>(null);
  const submission = useSubmission();
  const open = () =>
    submission.run(async () => {
      const minted = await api<{ url: string }>(`/agents/${agentId}/preview-token`, { method: "POST" });
      setUrl(minted.url);
    });
  return (
    <aside class="c-card c-preview" aria-labelledby="preview">
      <h2 id="preview">Preview</h2>
      <p class="c-muted">Chat with the draft as a visitor would; nothing is recorded.</p>
      <button type="button" onClick={open} disabled={submission.busy}>
        {url ? "Restart preview" : "Open preview"}
      </button>
      <Status>{submission.message}</Status>
      {url && <iframe key={url} title="Preview chat" src={url} />}
    </aside>
  );
}
