/**
 * The preview page's link to the Worker: the agent id and preview token from the URL's fragment
 * (never sent to a server, so never in a log), and the two token-authorised calls — the draft's
 * widget config and a preview answer. Both reuse the panel's checked `call` and config reader.
 */
import { isToken } from "../panel/bridge";
import type { WidgetConfig } from "../../worker/protocol/widget-config";
import { agentPath, browserLanguage, call, readWidgetConfig } from "../panel/api";
import { readPreviewAnswer, type HistoryMessage, type PreviewResult } from "./answer";

const AGENT_ID = /^[a-z0-9][a-z0-9-]{0,62}$/; // the admin API's agent ids

export type PreviewLink = { agentId: string; token: string };

/** `#agent=<id>&token=<token>`, as `POST /api/agents/:id/preview-token` builds it; null when either is missing or malformed. */
export function readPreviewLink(hash: string): PreviewLink | null {
  const params = new URLSearchParams(hash.replace(/^#/, ""));
  const agentId = params.get("agent") ?? "";
  const token = params.get("token") ?? "";
  return AGENT_ID.test(agentId) && isToken(token) ? { agentId, token } : null;
}

const bearer = (link: PreviewLink): Record<string, string> => ({ authorization: `Bearer ${link.token}` });

export async function fetchPreviewConfig(link: PreviewLink): Promise<WidgetConfig> {
  return readWidgetConfig(
    await call(`${agentPath(link.agentId)}/preview/config`, { headers: bearer(link) }),
    link.agentId,
  );
}

export async function askPreview(
  link: PreviewLink,
  message: string,
  history: HistoryMessage[],
): Promise<PreviewResult> {
  const f = await call(`${agentPath(link.agentId)}/preview`, {
    method: "POST",
    headers: { ...bearer(link), "content-type": "application/json" },
    body: JSON.stringify({ message, history, language: browserLanguage() }),
  });
  return readPreviewAnswer(f);
}
