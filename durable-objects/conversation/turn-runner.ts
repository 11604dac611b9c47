/**
 * Runs one agent turn for a visitor message: rebuilds the history from the log, streams the
 * agent's reply into the log (and so to every socket), and ends it with the complete message
 * and its sources, or with a turn_error.
 */
import { runTurn, type TurnHandoff, type TurnUsage } from "../../worker/agent/turn";
import { recordTurnWith } from "../../worker/analytics/turn-facts";
import { randomId } from "../../worker/lib/crypto";
import type { LoggedEvent, Source } from "../../worker/protocol/events";
import type { ReplyChannel } from "../../worker/channels/channel";
import type { CrmSession } from "../../worker/crm/session";
import type { TokenBudget } from "../../worker/lifecycle/token-budget";
import type { ActionSession } from "../../worker/actions/session";
import type { Agent } from "../../worker/db/agents";
import type { Passage } from "../../worker/knowledge/retrieve";
import type { EventLog, NewEvent } from "./event-log";
import { TurnTrace } from "../../worker/lib/turn-trace";
import { DeltaBatcher } from "./delta-batcher";
import { historyUpTo } from "./turn-history";
import type { Listing } from "../../worker/lifecycle/conversation-row";

export type TurnContext = {
  env: Env;
  agentId: string;
  conversationId: string;
  /** The visitor's browser language, as the widget reported it. */
  browserLanguage?: string | null;
  /** The conversation's channel: whether replies stream, and how a complete reply is sent. */
  channel: ReplyChannel;
  /** The channel's name, for the turn's facts. */
  channelName: string;
  /** Keeps work alive after the turn without making anyone wait for it (the object's `waitUntil`). */
  defer: (work: Promise<unknown>) => void;
  log: EventLog;
  emit: (event: NewEvent) => LoggedEvent;
  /** The conversation's CRM access for this turn. */
  crm?: CrmSession;
  /** The agent's daily token budget, checked before the model is asked. */
  budget?: TokenBudget;
  /** The conversation's actions for this turn (tools of generative models). */
  actions?: ActionSession;
  /** The agent as the message's handling read it already: the turn does not read it again. */
  agent?: Agent;
  /** Where the turn's time goes (spans and marks); a fresh one when the caller keeps none. */
  trace?: TurnTrace;
  /** The knowledge search for the message, when it was started before the turn (passage-prefetch.ts). */
  passages?: Promise<Passage[]>;
  /**
   * The message's listing on the conversation's row: started once the answer's first words are out (nothing
   * but the turn runs before the model answers), and tried before the answer completes (it never rejects),
   * so the inbox lists a finished answer's question.
   */
  listing?: Listing;
  /**
   * Called in the same step as the turn's answer (its complete message, or its turn_error) is logged,
   * with what the answer came to: the turn queue marks the message answered, so it is never answered again.
   */
  answered?: (result: TurnResult) => void;
};

/** What a turn came to: whether the agent replied, whether it abstained (could not answer), and whether a person should take over. */
export type TurnResult = { replied: boolean; abstained: boolean; handoff?: TurnHandoff };

/**
 * A turn that ended: what it came to, and its record (its token use and facts), written once the visitor
 * has the whole answer — in production a round trip to the database's primary. `recorded` never
 * rejects; the message's handling awaits it before it ends when the agent has a daily token limit (the
 * next message's budget check needs it), and otherwise leaves it to finish in the background.
 */
export type TurnEnd = TurnResult & { recorded: Promise<void> };

export async function runTurnFor(context: TurnContext, messageSeq: number): Promise<TurnEnd> {
  const turnId = randomId("t", 9);
  const trace = context.trace ?? new TurnTrace();
  const history = trace.time("history", () => historyUpTo(context.log, messageSeq));
  let text = "";
  let abstained = false;
  let grounding: number | null = null;
  let usage: TurnUsage | null = null;
  let firstDeltaAt: number | null = null;
  let handoff: TurnHandoff | undefined;
  const sources = new Map<string, Source>();
  const streaming = context.channel.capabilities.streaming;
  // The model's token use is counted as the turn ends, in one round trip with the turn's facts.
  let tokens = 0;
  const shared = context.budget;
  const budget: TokenBudget | undefined = shared && {
    exhausted: () => shared.exhausted(),
    limited: () => shared.limited(),
    record: async (used) => {
      tokens += used;
    },
    charge: (used) => shared.charge(used),
  };
  const deltas = new DeltaBatcher((delta) =>
    trace.time("delta_writes", () => context.emit({ type: "assistant_delta", turnId, text: delta })),
  );
  let result: TurnResult;
  try {
    for await (const part of runTurn({
      env: context.env,
      agentId: context.agentId,
      history,
      browserLanguage: context.browserLanguage ?? null,
      ...(context.crm ? { crm: context.crm } : {}),
      ...(budget ? { budget } : {}),
      ...(context.actions ? { actions: context.actions } : {}),
      ...(context.agent ? { agent: context.agent } : {}),
      trace,
      ...(context.passages ? { passages: context.passages } : {}),
    })) {
      if (part.type === "delta") {
        if (part.text === "") continue;
        text += part.text;
        if (streaming) deltas.push(part.text);
        trace.mark("first_delta");
        if (firstDeltaAt === null) {
          firstDeltaAt = Date.now();
          void context.listing?.start(); // the answer's first words are out: the row write no longer holds them up
        }
      } else if (part.type === "replace") {
        deltas.drop();
        text = part.text; // the complete message carries it and replaces what was streamed
      } else if (part.type === "source") {
        if (!sources.has(part.source.id)) sources.set(part.source.id, part.source);
      } else if (part.type === "finish") {
        handoff = part.handoff;
        abstained = part.abstained;
        grounding = part.grounding;
        usage = part.usage ?? null;
      }
    }
    await context.listing?.start();
    deltas.flush();
    result = { replied: text.length > 0, abstained, ...(handoff ? { handoff } : {}) };
    // A message handed to a person without a reply of its own: the handoff lines say it.
    if (text || !handoff) {
      const reply = context.channel.render({ text, sources: [...sources.values()] });
      trace.time("complete_write", () => {
        context.emit({ type: "assistant_complete", turnId, text: reply.text, sources: reply.sources });
        context.log.compactTurn(turnId); // the complete message carries the whole text: its deltas need not stay
      });
      trace.mark("complete");
    }
  } catch (error) {
    await context.listing?.start();
    deltas.flush();
    console.error("turn failed", error);
    // Tokens a model used before the turn failed still count.
    await shared?.record(tokens).catch((failure: unknown) => console.error("counting tokens failed", failure));
    context.emit({
      type: "turn_error",
      turnId,
      code: "agent_failed",
      message: "The agent could not answer just now. Please try again.",
    });
    const failed: TurnResult = { replied: false, abstained: false };
    context.answered?.(failed);
    return { ...failed, recorded: Promise.resolve() };
  }
  // In the same step as the complete message (nothing is awaited in between); a throw here is the message's, not the turn's.
  context.answered?.(result);
  const askedAt = context.log.event(messageSeq)?.at ?? Date.now();
  const recorded = recordTurnWith(
    context.env,
    context.defer,
    {
      turnId,
      conversationId: context.conversationId,
      agentId: context.agentId,
      channel: context.channelName,
      question: history.at(-1)?.text ?? "",
      replied: result.replied,
      abstained,
      grounding,
      usage,
      firstDeltaMs: firstDeltaAt === null ? null : firstDeltaAt - askedAt,
      at: Date.now(),
    },
    shared?.charge(tokens) ?? null,
  );
  return { ...result, recorded };
}

/** The id of a turn that started streaming after `messageSeq` but never completed, if any. */
export function unfinishedTurnAfter(log: EventLog, messageSeq: number): string | null {
  let open: string | null = null;
  for (const event of log.after(messageSeq)) {
    if (event.type === "visitor_message") break;
    if (event.type === "assistant_delta") open = event.turnId;
    if ((event.type === "assistant_complete" || event.type === "turn_error") && event.turnId === open) open = null;
  }
  return open;
}

/** After a restart: every turn that was running when the object stopped says so; its message is answered again. */
export function announceInterrupted(
  queue: { recoverInterrupted(): Iterable<number> },
  log: EventLog,
  emit: (event: NewEvent) => LoggedEvent,
): void {
  for (const messageSeq of queue.recoverInterrupted()) {
    const turnId = unfinishedTurnAfter(log, messageSeq);
    if (turnId)
      emit({
        type: "turn_error",
        turnId,
        code: "interrupted",
        message: "The answer was interrupted; answering again.",
      });
  }
}
