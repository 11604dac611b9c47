/**
 * The loader's second half (`widget-bridge.js`): how the host page answers the panel. The loader
 * fetches it only when a visitor first opens the chat, so the pages where nobody chats never carry
 * it. It checks each message from the panel and says what to do: answer `ready` with `init` (the
 * visitor token kept in the host's first-party storage for the page's current user, and the host's
 * signed identity of that user, read from `data-identity-*` now, so a page that learns its user
 * after loading still passes it on), keep a renewed token, or close the panel. It hands itself to
 * the loader on its own script element, so the host page gets no new global.
 */
import {
  BRIDGE_CHANNEL,
  BRIDGE_PROPERTY,
  hostTokenKey,
  readIdentity,
  readPanelMessage,
  type LoaderMessage,
} from "./panel/bridge";
import { tokenFor } from "./visitor-storage";

/** What the loader does about a message from its panel: post this reply to it, close it ("close"), or nothing. */
export type BridgeReply = LoaderMessage | "close" | null;

/** A message from the panel (its window and origin already checked by the loader), and what to do about it. */
export type Bridge = (data: unknown, agentId: string, script: HTMLScriptElement, store: Storage | null) => BridgeReply;

export const answerPanel: Bridge = (data, agentId, script, store) => {
  const message = readPanelMessage(data);
  if (message?.type === "ready") {
    const { identityJwt, identityEmail, identityHash, identityUserId, identityIssuedAt } = script.dataset;
    const identity = readIdentity({
      jwt: identityJwt,
      email: identityEmail,
      hash: identityHash,
      userId: identityUserId,
      issuedAt: identityIssuedAt,
    });
    return { channel: BRIDGE_CHANNEL, type: "init", token: tokenFor(store, agentId, identity), identity };
  }
  if (message?.type === "token") {
    try {
      store?.setItem(hostTokenKey(agentId), message.token);
    } catch {
      // quota or policy: the conversation simply will not survive a reload on this site
    }
  }
  return message?.type === "close" ? "close" : null;
};

const self = document.currentScript;
if (self) Object.assign(self, { [BRIDGE_PROPERTY]: answerPanel });
