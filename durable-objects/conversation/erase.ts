/**
 * Erasing a conversation's Durable Object storage (a contact's GDPR erase): its sockets are closed
 * (with the code that tells clients not to come back), a turn already running finishes first (so
 * nothing is written after the erase), then the alarm and every stored row go. Safe to repeat.
 */
import { CLOSE_CONVERSATION_GONE } from "../../worker/protocol/events";
import { deleteAlarmTime } from "../../worker/lifecycle/alarm-clock";
import { ArrivalHandoffs } from "./arrival-handoffs";
import { AwaitingStore } from "./awaiting-state";
import { EventLog } from "./event-log";
import { IdentityStore } from "./identity-state";
import { LifecycleStore } from "./lifecycle-state";
import { MessageRate } from "./message-rate";
import { ensureConversationTables } from "./tables";
import { TurnQueue } from "./turn-queue";

export async function eraseConversationStorage(ctx: DurableObjectState, turnsIdle: () => Promise<void>): Promise<void> {
  for (const ws of ctx.getWebSockets()) {
    try {
      ws.close(CLOSE_CONVERSATION_GONE, "conversation erased");
    } catch {
      // Already closing.
    }
  }
  await turnsIdle();
  await deleteAlarmTime(ctx.storage);
  await ctx.storage.deleteAll();
  // The object's stores keep their SQLite handle: recreate their (empty) tables, so a later
  // call finds an unknown conversation rather than a missing table, and drop what they kept in memory.
  ensureConversationTables(ctx.storage);
  const stores = [EventLog, TurnQueue, LifecycleStore, IdentityStore, AwaitingStore, MessageRate, ArrivalHandoffs];
  for (const Store of stores) new Store(ctx.storage.sql);
}
