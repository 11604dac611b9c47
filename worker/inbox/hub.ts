/** The way to the inbox hub Durable Object (one per deployment). */
import type { InboxDO } from "../../durable-objects/inbox/inbox";

export function inboxHub(env: Pick<Env, "INBOX">): DurableObjectStub<InboxDO> {
  const namespace = env.INBOX as DurableObjectNamespace<InboxDO>;
  return namespace.get(namespace.idFromName("inbox"));
}
