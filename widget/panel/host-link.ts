/**
 * The panel's side of the bridge to the host-page loader, and where the visitor token lives:
 * the host's first-party storage (through the loader), plus the panel's own storage when the
 * browser allows it. When a loader answers, its token (or its "none": a new visitor, after a
 * sign-out or another user) is the only one that counts; the panel's own copy serves only a panel
 * without a loader. Messages are accepted only from the parent window at the host origin.
 */
import {
  BRIDGE_CHANNEL,
  PANEL_PARAM_AGENT,
  PANEL_PARAM_HOST,
  isToken,
  panelTokenKey,
  readLoaderMessage,
  type HostIdentity,
  type PanelMessage,
} from "./bridge";

const INIT_TIMEOUT_MS = 3_000; // the loader answers within a tick; past this we assume no loader (panel opened directly)

export type HostLink = {
  agentId: string;
  /** The origin of the page the panel was opened on (checked against the agent's allowed sites by the server). */
  host: string | null;
  /** Whether a loader on a checked host origin is listening (then the panel shows a close button). */
  embedded: boolean;
  /** The token to present: the loader's answer when there is a loader, else the panel's own copy. */
  token: string | null;
  /** The host page's signed identity of its user, sent when the conversation starts; the server decides whether it counts. */
  identity: HostIdentity | null;
  /** Keeps a token issued or renewed by the server, in both places. */
  saveToken(token: string): void;
  /** Asks the loader to hide the panel (no-op without a loader). */
  close(): void;
  /** Called whenever the loader shows the panel. */
  onOpen(listener: () => void): void;
};

/** The host origin from the panel URL, only if it is a real http(s) origin and (where the browser tells us) our actual parent. */
function hostOrigin(raw: string | null): string | null {
  if (!raw || window.parent === window) return null;
  try {
    const url = new URL(raw);
    if (url.origin !== raw || (url.protocol !== "https:" && url.protocol !== "http:")) return null;
  } catch {
    return null;
  }
  const ancestors = "ancestorOrigins" in location ? location.ancestorOrigins : null;
  return ancestors && ancestors.length > 0 && ancestors[0] !== raw ? null : raw;
}

function ownStorage(): Storage | null {
  try {
    return window.localStorage; // throws in cross-site iframes of browsers that deny it
  } catch {
    return null;
  }
}

/** Connects to the loader (waiting briefly for its `init`) and gathers the visitor token. */
export function connectHost(search: string): Promise<HostLink> {
  const params = new URLSearchParams(search);
  const agentId = params.get(PANEL_PARAM_AGENT) ?? "";
  const host = hostOrigin(params.get(PANEL_PARAM_HOST));
  const ownKey = panelTokenKey(agentId, host);
  const openListeners: Array<() => void> = [];
  const post = (message: PanelMessage): void => {
    if (host) window.parent.postMessage(message, host);
  };
  let own: string | null = null;
  try {
    own = ownStorage()?.getItem(ownKey) ?? null;
  } catch {
    own = null;
  }
  const ownToken = isToken(own) ? own : null;

  return new Promise((resolve) => {
    let settled = false;
    const settle = (token: string | null, identity: HostIdentity | null = null): void => {
      if (settled) return;
      settled = true;
      resolve({
        agentId,
        host,
        embedded: host !== null,
        token,
        identity,
        saveToken(token) {
          try {
            ownStorage()?.setItem(ownKey, token);
          } catch {
            // denied or full: the host's copy is the one that counts
          }
          post({ channel: BRIDGE_CHANNEL, type: "token", token });
        },
        close: () => post({ channel: BRIDGE_CHANNEL, type: "close" }),
        onOpen: (listener) => void openListeners.push(listener),
      });
    };
    if (!host) return settle(ownToken);
    window.addEventListener("message", (event) => {
      if (event.source !== window.parent || event.origin !== host) return;
      const message = readLoaderMessage(event.data);
      if (message?.type === "init") settle(message.token, message.identity);
      else if (message?.type === "open") for (const listener of openListeners) listener();
    });
    setTimeout(() => settle(ownToken), INIT_TIMEOUT_MS);
    post({ channel: BRIDGE_CHANNEL, type: "ready" });
  });
}
