/**
 * The lead-qualification steps of a conversation (the agent's goal, worker/goals/). Once the
 * visitor shows buying intent (pricing, plans, a demo, sales — or an admin's trigger phrase), the
 * server asks the goal's questions in order, one at a time, each only after the agent's answer and
 * only when nothing else awaits the visitor's reply — never in the middle of answering a support
 * question. Each answer is validated (asked once more when it does not fit), stored on the
 * conversation and copied to the contact once one is known; after the last one the lead is
 * scored and labelled, and a qualified lead gets the meeting link or goes to the sales team.
 */
import { goalOf, type Goal } from "../../worker/goals/definition";
import { showsBuyingIntent } from "../../worker/goals/intent";
import { declinesToAnswer, evaluateAnswer, scoreLead } from "../../worker/goals/answers";
import { copyAnswersToContact, saveLeadAnswer, setLeadLabel } from "../../worker/goals/lead-store";
import { asksForPerson } from "../../worker/handoff/person-request";
import { matchAction } from "../../worker/actions/session";
import { handOff } from "../../worker/handoff/handoff";
import { awaited, claimAwaiting } from "../../worker/lifecycle/awaiting";
import { say, type AgentView, type LifecycleContext } from "../../worker/lifecycle/context";
import { linkedContact } from "../../worker/lifecycle/email-capture";
import type { GoalProgress } from "./lifecycle-state";

const NOT_STARTED: GoalProgress = { started: false, answered: {}, label: null };

const progressOf = (c: LifecycleContext): GoalProgress => c.state.get().goal ?? NOT_STARTED;

function nextCriterion(goal: Goal, progress: GoalProgress): number | null {
  const index = goal.criteria.findIndex((_, i) => progress.answered[i] === undefined);
  return index === -1 ? null : index;
}

function ask(
  c: LifecycleContext,
  view: AgentView,
  goal: Goal,
  criterion: number,
  retried: boolean,
  lead = "",
): boolean {
  if (!claimAwaiting(c.awaiting, { kind: "goal_question", criterion, retried })) return false;
  const question = goal.criteria[criterion]!.question;
  say(c, view, "goal_question", {}, lead ? `${lead} ${question}` : question);
  return true;
}

/**
 * After the agent answered the visitor's message `text`: buying intent starts the goal, and a
 * started goal asks its next question (when nothing else is awaited).
 */
export function askGoalQuestion(c: LifecycleContext, view: AgentView, text: string): void {
  const goal = goalOf(view.agent.settings);
  if (!goal) return;
  const progress = progressOf(c);
  if (progress.label) return;
  if (!progress.started) {
    if (!showsBuyingIntent(text, goal.triggerPhrases)) return;
    c.state.update({ goal: { ...progress, started: true } });
  }
  const next = nextCriterion(goal, progress);
  if (next !== null) ask(c, view, goal, next, false);
}

/** Takes the visitor's answer to the goal question asked; true when the message was taken as that answer. */
export async function takeGoalAnswer(c: LifecycleContext, view: AgentView, text: string): Promise<boolean> {
  const waiting = awaited(c.awaiting, "goal_question");
  if (!waiting) return false;
  c.awaiting.set(null);
  const goal = goalOf(view.agent.settings);
  const criterion = goal?.criteria[waiting.criterion];
  // The goal changed meanwhile, or the visitor wants a person or one of the agent's actions rather than to answer.
  if (!goal || !criterion || asksForPerson(text) || matchAction(view.agent.settings, text)) return false;
  const progress = progressOf(c);
  let entry: GoalProgress["answered"][number];
  if (declinesToAnswer(text)) entry = { accepted: false, skipped: true };
  else {
    const evaluated = evaluateAnswer(criterion, text);
    // A question of their own rather than an answer: it is answered, and the goal question comes again after.
    const accepted = evaluated.kind === "answer" && evaluated.accepted && criterion.accepted.length > 0;
    if (/\?\s*$/.test(text) && !accepted) return false;
    if (evaluated.kind === "invalid") {
      if (!waiting.retried) return ask(c, view, goal, waiting.criterion, true, evaluated.reason);
      entry = { accepted: false, skipped: true };
    } else {
      await saveLeadAnswer(c.env, {
        conversationId: c.meta.conversationId,
        criterion: waiting.criterion,
        property: criterion.property,
        value: evaluated.value,
        accepted: evaluated.accepted,
      });
      entry = { accepted: evaluated.accepted };
    }
  }
  const next: GoalProgress = { ...progress, answered: { ...progress.answered, [waiting.criterion]: entry } };
  c.state.update({ goal: next });
  const following = nextCriterion(goal, next);
  if (following !== null) ask(c, view, goal, following, false);
  else await finish(c, view, goal, next);
  return true;
}

/** Every question answered: the lead's score and label are stored, and a qualified lead gets the link or the sales team. */
async function finish(c: LifecycleContext, view: AgentView, goal: Goal, progress: GoalProgress): Promise<void> {
  const { score, label } = scoreLead(goal, progress.answered);
  c.state.update({ goal: { ...progress, label } });
  await setLeadLabel(c.env, c.meta.conversationId, { label, score });
  const contactId = await linkedContact(c.env, c.meta.visitorId);
  if (contactId) await copyAnswersToContact(c.env, c.meta.conversationId, contactId);
  if (label !== "qualified") {
    say(c, view, "goal_done");
    return;
  }
  if (goal.qualified.kind === "meeting_link") {
    say(c, view, "goal_meeting", { value: goal.qualified.url });
    return;
  }
  await handOff(c, view, "qualified_lead", `lead score ${score}`, goal.qualified.routing ?? view.handoff.routing);
}

/** The visitor's contact became known (their email was captured): the goal answers given so far are copied to it. */
export async function copyGoalAnswers(c: LifecycleContext, contactId: string): Promise<void> {
  if (Object.keys(progressOf(c).answered).length > 0)
    await copyAnswersToContact(c.env, c.meta.conversationId, contactId);
}
