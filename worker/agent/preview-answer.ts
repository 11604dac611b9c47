/**
 * One answer with its evidence, as preview and batch tests show it: the documents as ranked,
 * the answer, its cited sources, grounding, whether it abstained, the reply language, the tools
 * the model called, and why a live conversation would go to a person at this message. Never
 * touches a conversation, records no knowledge gap and spends no credits. Contact data is
 * previewed as a first-time visitor meets it: the CRM tools are called, but nobody is verified,
 * so no value is ever read and no email is sent. Actions are shown with the inputs the agent has:
 * a write action is never called, a read action only when the preview asks for it.
 */
import type { Agent } from "../db/agents";
import type { HandoffReason } from "../db/schema";
import { retrieveRanked } from "../knowledge/retrieve";
import { agentAvailability } from "../handoff/availability";
import { asksForPerson, matchTriggerPhrase } from "../handoff/person-request";
import { handoffSettings } from "../handoff/settings";
import { LIVE_CHAT } from "../protocol/channels";
import type { Source } from "../protocol/events";
import { ConversationCrm } from "../crm/conversation-crm";
import { memoryIdentity } from "../crm/identity";
import { PASSAGES_PER_TURN, runTurn, type TurnHandoff, type TurnMessage } from "./turn";
import { ActionSession, type ActionCallLog } from "../actions/session";
import { modelAction, planOfflineAction, type PreviewAction, type ToolCall } from "./preview-action";
import { memoryAwaiting } from "../lifecycle/awaiting";
import { usesOfflineModel } from "./select-model";

const RANKED_DOCUMENTS = 5; // what the eval's Recall@5 looks at
const PREVIEW_VISITOR = "v_preview"; // no visitor row has this id, so nobody counts as verified

export type RankedDocument = {
  sourceRef: string;
  name: string;
  title: string;
  url: string | null;
  score: number;
  citable: boolean;
};
export type { PreviewAction, ToolCall } from "./preview-action";
export type PreviewAnswer = {
  answer: string;
  sources: Source[];
  ranked: RankedDocument[];
  grounding: number | null;
  abstained: boolean;
  language: string;
  /** A topic to avoid the message is about, and how it was handled. */
  avoidedTopic: { topic: string; handling: string } | null;
  /** Why a live conversation would be handed to a person at this message (null: it would not). */
  handoff: { reason: HandoffReason; detail: string | null } | null;
  toolCalls: ToolCall[];
  /** The action the agent would start or call at this message, with the inputs it has; null: none. */
  action: PreviewAction | null;
};

export type PreviewOptions = {
  history?: TurnMessage[];
  browserLanguage?: string | null;
  /** Really call read actions (never write actions); off by default. */
  callReadActions?: boolean;
};

export async function previewAnswer(
  env: Env,
  agent: Agent,
  message: string,
  options: PreviewOptions = {},
): Promise<PreviewAnswer> {
  const { passages, ranked } = await retrieveRanked(env, agent.id, message, RANKED_DOCUMENTS);
  let answer = "";
  const sources: Source[] = [];
  const toolCalls: ToolCall[] = [];
  let finish: {
    grounding: number | null;
    abstained: boolean;
    language: string;
    avoidedTopic?: PreviewAnswer["avoidedTopic"];
    handoff?: TurnHandoff;
  } = { grounding: null, abstained: false, language: "en" };
  const history = [...(options.history ?? []), { role: "user" as const, text: message }];
  const crm = await ConversationCrm.open({
    env,
    agent,
    visitorId: PREVIEW_VISITOR,
    messageSeq: 0,
    identity: memoryIdentity(),
    sendLink: async () => ({ status: "failed" }), // never reached: a preview visitor gives no address
    announceVerified: () => {},
  });
  const calls: ActionCallLog[] = [];
  const actions = new ActionSession({
    env,
    agent,
    crm,
    awaiting: memoryAwaiting(),
    mode: { kind: "preview", callReads: options.callReadActions === true },
    logCall: (call) => calls.push(call),
  });
  const offlinePlan = usesOfflineModel(env) ? await planOfflineAction(actions, agent, message) : null;
  if (offlinePlan) answer = offlinePlan.line;
  const turn = {
    env,
    agentId: agent.id,
    agent,
    history,
    browserLanguage: options.browserLanguage ?? null,
    passages: passages.slice(0, PASSAGES_PER_TURN),
    crm,
    actions,
  };
  for await (const part of offlinePlan ? [] : runTurn(turn)) {
    if (part.type === "delta") answer += part.text;
    else if (part.type === "replace") answer = part.text;
    else if (part.type === "source") sources.push(part.source);
    else if (part.type === "tool-call") toolCalls.push({ name: part.name, input: part.input });
    else finish = part;
  }
  return {
    answer,
    sources,
    ranked: ranked.map((p) => ({
      sourceRef: p.sourceRef,
      name: p.name,
      title: p.title,
      url: p.url ?? null,
      score: p.score,
      citable: p.citable,
    })),
    grounding: finish.grounding,
    abstained: finish.abstained,
    language: finish.language,
    avoidedTopic: finish.avoidedTopic ?? null,
    handoff: offlinePlan ? null : await wouldHandOff(env, agent, message, finish),
    toolCalls,
    action: offlinePlan?.action ?? modelAction(actions, toolCalls, calls),
  };
}

/** The reason the conversation would go to a person at this message, in the order the conversation checks them. */
async function wouldHandOff(
  env: Env,
  agent: Agent,
  message: string,
  finish: { abstained: boolean; handoff?: TurnHandoff },
): Promise<PreviewAnswer["handoff"]> {
  const availability = await agentAvailability(env, agent, LIVE_CHAT, Date.now());
  if (!availability.assigned)
    return { reason: availability.reason, detail: "the agent is not taking new conversations now" };
  if (asksForPerson(message)) return { reason: "visitor_asked", detail: null };
  const settings = handoffSettings(agent.settings);
  const phrase = matchTriggerPhrase(message, settings.triggerPhrases);
  if (phrase) return { reason: "trigger_phrase", detail: phrase };
  if (finish.handoff) return finish.handoff;
  if (finish.abstained && settings.afterAbstentions > 0) {
    return {
      reason: "missing_knowledge",
      detail: `unanswered: hands off after ${settings.afterAbstentions} unanswered question${settings.afterAbstentions === 1 ? "" : "s"}`,
    };
  }
  return null;
}
