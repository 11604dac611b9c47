/**
 * Sends one outgoing line on a Meta channel: the text (answers come rendered; a person's or a
 * lifecycle line is sent as written) split at the platform's limit, each piece a Graph POST, in
 * order. A piece the platform accepted is recorded, so a retry starts at the first piece not sent.
 */
import { MAX_MESSAGE_CHARS } from "../../protocol/events";
import type { DeliveringChannel, Delivery, Outgoing } from "../channel";
import type { OpenDeployment } from "../deployments/store";
import { graphGet, graphPost } from "./graph";
import { type MarkupStyle, renderForChannel } from "./markdown";
import { markPieceSent, pieceSent } from "./sent-pieces";
import { splitMessage } from "./split";

export type MetaSender = {
  /** The platform's longest text message. */
  maxChars: number;
  /** The Graph path messages are POSTed to. */
  path: (deployment: OpenDeployment) => string;
  /** The JSON body of one text message to `address`. */
  body: (address: string, text: string) => unknown;
};

export async function deliverPieces(
  env: Env,
  deployment: OpenDeployment,
  outgoing: Outgoing,
  sender: MetaSender,
): Promise<Delivery> {
  const pieces = splitMessage(outgoing.text, sender.maxChars);
  for (const [index, piece] of pieces.entries()) {
    if (await pieceSent(env, deployment.id, outgoing.conversationId, outgoing.seq, index)) continue;
    const result = await graphPost(env, deployment, sender.path(deployment), sender.body(outgoing.address, piece));
    if (!result.ok) {
      const where = pieces.length > 1 ? ` (message ${index + 1} of ${pieces.length})` : "";
      return { ok: false, retry: result.retry, error: `${result.error}${where}` };
    }
    await markPieceSent(env, deployment.id, outgoing.conversationId, outgoing.seq, index);
  }
  return { ok: true };
}

/**
 * A Meta channel as a `DeliveringChannel`: answers rendered in the platform's markup with their
 * sources as lines, sent in pieces by `sender`, and the connection checked by reading the
 * deployment's address (`what` names it: "phone number", "page").
 */
export function metaChannel(
  id: DeliveringChannel["id"],
  options: { sender: MetaSender; style: MarkupStyle; what: string },
): DeliveringChannel {
  return {
    id,
    capabilities: {
      streaming: false,
      formatting: "plain",
      maxMessageChars: MAX_MESSAGE_CHARS,
      maxReplyChars: options.sender.maxChars,
    },
    render: (reply) => ({ text: renderForChannel(reply.text, reply.sources, options.style), sources: reply.sources }),
    deliver: (env, deployment, outgoing) => deliverPieces(env, deployment, outgoing, options.sender),
    async testConnection(env, deployment) {
      const result = await graphGet(env, deployment, `/${encodeURIComponent(deployment.address)}?fields=id`);
      if (result.ok)
        return { ok: true, detail: `Connected: the Graph API knows ${options.what} ${deployment.address}` };
      return { ok: false, detail: result.error };
    },
  };
}
