/** Tells every open inbox that a conversation changed, or was erased. Never throws: a missed update is fixed by the inbox's next reload. */
import { eq } from "drizzle-orm";
import { database } from "../db/client";
import { conversations } from "../db/schema";
import { inboxHub } from "./hub";
import { conversationSummaries } from "./summaries";

export async function notifyInbox(env: Pick<Env, "DB" | "INBOX">, conversationId: string): Promise<void> {
  try {
    const [summary] = await conversationSummaries(database(env), eq(conversations.id, conversationId), 1);
    if (summary) await inboxHub(env).conversationChanged(summary);
  } catch (error) {
    console.error("inbox notification failed", error);
  }
}

export async function notifyInboxRemoved(env: Pick<Env, "INBOX">, conversationId: string): Promise<void> {
  try {
    await inboxHub(env).conversationRemoved(conversationId);
  } catch (error) {
    console.error("inbox notification failed", error);
  }
}
