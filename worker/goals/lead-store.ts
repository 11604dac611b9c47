/**
 * A conversation's lead in D1: the visitor's answer to each goal question (one row per criterion,
 * a later answer replacing an earlier one), the label and score on the conversation row, and
 * copying the answers onto the contact once one is known (each through the CRM's own validated
 * write, with its history row, as the agent).
 */
import { asc, eq } from "drizzle-orm";
import { database } from "../db/client";
import { leadAnswers as leadAnswerRows } from "../db/lead-schema";
import { conversations } from "../db/schema";
import { writeContactProperty } from "../crm/contact-store";
import { listDefinitions } from "../crm/definitions";
import { parsePropertyValue } from "../crm/values";
import { notifyInbox } from "../inbox/notify";
import { firstNumber, MAX_ANSWER_CHARS } from "./answers";
import type { LeadLabel } from "./definition";

export type LeadAnswer = { criterion: number; property: string; value: string; accepted: boolean; at: number };

/** Stores the answer to criterion `criterion` of the conversation's goal (replacing an earlier answer to it). */
export async function saveLeadAnswer(
  env: Pick<Env, "DB">,
  answer: { conversationId: string; criterion: number; property: string; value: string; accepted: boolean },
  now = Date.now(),
): Promise<void> {
  const row = { ...answer, value: answer.value.trim().slice(0, MAX_ANSWER_CHARS), at: now };
  await database(env)
    .insert(leadAnswerRows)
    .values(row)
    .onConflictDoUpdate({
      target: [leadAnswerRows.conversationId, leadAnswerRows.criterion],
      set: { property: row.property, value: row.value, accepted: row.accepted, at: row.at },
    });
}

/** The conversation's answers, by criterion. */
export async function leadAnswers(env: Pick<Env, "DB">, conversationId: string): Promise<LeadAnswer[]> {
  return database(env)
    .select({
      criterion: leadAnswerRows.criterion,
      property: leadAnswerRows.property,
      value: leadAnswerRows.value,
      accepted: leadAnswerRows.accepted,
      at: leadAnswerRows.at,
    })
    .from(leadAnswerRows)
    .where(eq(leadAnswerRows.conversationId, conversationId))
    .orderBy(asc(leadAnswerRows.criterion));
}

/**
 * Labels the conversation's lead (the leads list and the inbox show it; open inboxes are told). False when there is no
 * such conversation.
 */
export async function setLeadLabel(
  env: Pick<Env, "DB" | "INBOX">,
  conversationId: string,
  lead: { label: LeadLabel; score: number },
  now = Date.now(),
): Promise<boolean> {
  const updated = await database(env)
    .update(conversations)
    .set({ leadLabel: lead.label, leadScore: lead.score, leadAt: now })
    .where(eq(conversations.id, conversationId))
    .returning({ id: conversations.id });
  if (updated.length === 0) return false;
  await notifyInbox(env, conversationId);
  return true;
}

export type CopyResult = { written: string[]; skipped: { property: string; reason: string }[] };

/**
 * Writes each stored answer to the contact's property, as the agent. Skipped: properties that no
 * longer exist and answers that are not a value of the property's type (a number property takes
 * the first number in the answer, so "about 30 people" stores 30).
 */
export async function copyAnswersToContact(
  env: Pick<Env, "DB">,
  conversationId: string,
  contactId: string,
  now = Date.now(),
): Promise<CopyResult> {
  const answers = await leadAnswers(env, conversationId);
  const result: CopyResult = { written: [], skipped: [] };
  if (answers.length === 0) return result;
  const definitions = new Map((await listDefinitions(env)).map((d) => [d.name, d]));
  for (const answer of answers) {
    const definition = definitions.get(answer.property);
    if (!definition) {
      result.skipped.push({ property: answer.property, reason: "No such contact property" });
      continue;
    }
    let value: unknown = answer.value;
    if (definition.type === "number" && !parsePropertyValue(definition, value).ok) value = firstNumber(answer.value);
    if (value === null || !parsePropertyValue(definition, value).ok) {
      result.skipped.push({ property: answer.property, reason: `Not a value of ${definition.label}` });
      continue;
    }
    const written = await writeContactProperty(
      env,
      { contactId, property: answer.property, value, changedBy: "agent", conversationId },
      now,
    );
    if (written.ok) result.written.push(answer.property);
    else result.skipped.push({ property: answer.property, reason: written.error });
  }
  return result;
}
