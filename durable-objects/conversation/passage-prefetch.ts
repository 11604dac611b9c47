/**
 * The knowledge search for a visitor message the agent will most likely answer, started as the
 * message is taken up so that it runs while the agent's settings are read and the checks before a
 * turn are made (the index query is the longest wait before the model starts). Not started when the
 * message probably goes elsewhere: a person handles the conversation, an answer is awaited, or the
 * visitor asks for a person. A search that turns out not to be needed is dropped (its error too).
 */
import { PASSAGES_PER_TURN } from "../../worker/agent/turn";
import { asksForPerson } from "../../worker/handoff/person-request";
import { retrieve, type Passage } from "../../worker/knowledge/retrieve";
import type { LifecycleContext } from "../../worker/lifecycle/context";

export function prefetchPassages(c: LifecycleContext, text: string): Promise<Passage[]> | undefined {
  const state = c.state.get();
  if (state.status !== "bot" || c.awaiting.get() !== null || asksForPerson(text)) return undefined;
  const search = retrieve(c.env, c.meta.agentId, text, PASSAGES_PER_TURN, c.meta.conversationId);
  search.catch(() => {}); // unused or failed: the turn, when it runs, awaits it and reports the failure
  return search;
}
