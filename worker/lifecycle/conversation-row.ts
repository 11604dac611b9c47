/**
 * The conversation's D1 row — status, assignment, the newest message — that the inbox and analytics
 * list, written from the object's lifecycle state, one write after another in the order they were
 * asked for (a newer status is never overwritten by an older one), each successful write then told to
 * the inbox in the background.
 *
 * A visitor's message is listed without holding anything up (`listMessageLater`): the write starts once its
 * answer's first words are out, and the answer streams on while the row is written (in production a round
 * trip to the database's primary, often in another region),
 * and a write that fails is kept in the lifecycle state and tried again by the object's alarm until it
 * succeeds, every later write carrying it too. The conversation goes on answering through a database
 * outage; the inbox catches up once the database is back. Every other write (a handoff, an assignment,
 * the close) is part of its step: when it fails, the step fails and is retried as a whole.
 */
import { conversationRowUpdate, type ConversationRowChange } from "../db/turn-writes";
import { notifyInbox } from "../inbox/notify";
import type { LifecycleState, UnwrittenRow } from "../../durable-objects/conversation/lifecycle-state";
import { alarmNoLaterThan } from "./alarm-clock";
import type { LifecycleContext } from "./context";

const LAST_MESSAGE_CHARS = 140; // an inbox row shows one line of the newest message
/** The first retry of an unwritten row comes this soon, each next one twice as late, up to ROW_RETRY_MAX_MS. */
const ROW_RETRY_MS = 5_000;
/** At most a minute apart; `touch` never moves a sooner alarm later, so activity never delays a retry. */
const ROW_RETRY_MAX_MS = 60_000;

/** The row's fields a write sets beside the status (the same ones a failed write keeps). */
type RowFields = UnwrittenRow["fields"];

/** Each conversation's row writes, chained in the order they were asked for. */
const rowWrites = new WeakMap<DurableObjectState, Promise<void>>();
/** Each conversation's message listing asked for but not started yet (`listMessageLater`). */
const waitingListings = new WeakMap<DurableObjectState, () => Promise<void>>();

/**
 * Writes the conversation's D1 row as `state` has it (the lifecycle state, or one about to be stored),
 * with `change`'s fields and any write kept from before; resolves once it is written and rejects when
 * it fails. Then the inbox is told, in the background: no caller waits for the inbox.
 */
export function syncConversationRow(
  c: LifecycleContext,
  change: RowFields = {},
  state: LifecycleState = c.state.get(),
): Promise<void> {
  return chainWrite(c, change, state, false);
}

/**
 * Lists the visitor's message on the conversation's row; never rejects. Resolves once the write was
 * tried: a write that failed is kept and tried again by the alarm (`writeUnwrittenRow`).
 */
function listMessage(c: LifecycleContext, text: string): Promise<void> {
  return chainWrite(c, { lastMessage: text }, c.state.get(), true);
}

/** A visitor message's listing on the row, started by the first `start` (then shared); never rejects. */
export type Listing = { start(): Promise<void> };

/**
 * `listMessage` when first asked for — the agent's answer asks once its first words are out, so the write
 * never competes with the work before them — or before any other write of the row, so writes keep the order
 * they were asked in (a handoff's row lists the message that asked for it). `timed` wraps the write (a trace).
 */
export function listMessageLater(
  c: LifecycleContext,
  text: string,
  timed: (write: () => Promise<void>) => Promise<void> = (write) => write(),
): Listing {
  let started: Promise<void> | null = null;
  const start = (): Promise<void> => {
    if (started === null) {
      if (waitingListings.get(c.ctx) === start) waitingListings.delete(c.ctx);
      started = timed(() => listMessage(c, text));
    }
    return started;
  };
  waitingListings.set(c.ctx, start);
  return { start };
}

/** The alarm's part: writes a row kept from a failed write; false when it failed again (its next try is armed). */
export async function writeUnwrittenRow(c: LifecycleContext): Promise<boolean> {
  if (!c.state.get().unwrittenRow) return true;
  await chainWrite(c, {}, c.state.get(), true);
  return !c.state.get().unwrittenRow;
}

function chainWrite(c: LifecycleContext, change: RowFields, state: LifecycleState, keep: boolean): Promise<void> {
  void waitingListings.get(c.ctx)?.(); // a listing asked for earlier goes first
  const now = Date.now();
  const own: RowFields = {
    ...(state.staff ? { assignedStaffId: state.staff.id } : {}),
    ...(change.assignedStaffId !== undefined ? { assignedStaffId: change.assignedStaffId } : {}),
    ...(change.teamId !== undefined ? { teamId: change.teamId } : {}),
    ...(change.lastMessage !== undefined ? { lastMessage: change.lastMessage.slice(0, LAST_MESSAGE_CHARS) } : {}),
  };
  const previous = rowWrites.get(c.ctx) ?? Promise.resolve();
  const written = previous.then(async (): Promise<boolean> => {
    const unwritten = c.state.get().unwrittenRow;
    const values: ConversationRowChange = {
      status: state.status,
      outcome: state.outcome,
      handoffReason: state.handoffReason,
      closedAt: state.status === "closed" ? now : null,
      updatedAt: now,
      ...unwritten?.fields, // older than this write's own fields, which win
      ...own,
    };
    try {
      await conversationRowUpdate(c.env.DB, c.meta.conversationId, values).run();
    } catch (error) {
      if (!keep) throw error;
      await keepUnwritten(
        c,
        { fields: { ...unwritten?.fields, ...own }, failures: (unwritten?.failures ?? 0) + 1 },
        error,
      );
      return false;
    }
    // What was kept is written now (writes run one at a time: no other failure was kept meanwhile).
    if (unwritten) c.state.update({ unwrittenRow: null });
    return true;
  });
  // The inbox hears of each write that succeeded, in order; a failed write is its caller's to report, or kept.
  const told = written
    .then((wrote) => (wrote ? notifyInbox(c.env, c.meta.conversationId, c.meta.agentId) : undefined))
    .catch(() => {});
  rowWrites.set(c.ctx, told);
  c.ctx.waitUntil(told);
  return written.then(() => {});
}

/** Keeps a write that failed in the lifecycle state and arms the alarm for its next try. */
async function keepUnwritten(c: LifecycleContext, row: UnwrittenRow, error: unknown): Promise<void> {
  console.error("the conversation's row could not be written; it is kept and tried again", error);
  c.state.update({ unwrittenRow: row });
  const at = Date.now() + Math.min(ROW_RETRY_MS * 2 ** (row.failures - 1), ROW_RETRY_MAX_MS);
  await alarmNoLaterThan(c.ctx.storage, at);
}
