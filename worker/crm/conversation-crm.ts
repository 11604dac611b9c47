/**
 * The CRM session of one turn: what a conversation lets the agent do with contact data. It
 * gathers what the conversation knows about the visitor, lets `decideAccess` rule per the
 * admin's protection level, and then reads a value, starts the check the level needs (asking for
 * the email, sending a verification link), or holds a change for the visitor's confirmation — one
 * change per turn, so the server's question after the turn names the only change a yes can write.
 * Values leave this file only in a granted lookup.
 */
import { eq } from "drizzle-orm";
import type { Agent } from "../db/agents";
import { database } from "../db/client";
import { randomId } from "../lib/crypto";
import { contacts } from "../db/crm-schema";
import { decideAccess } from "./access";
import { crmSettingsOf, type PropertyAccess, type ProtectionLevel } from "./access-settings";
import { readContactProperties } from "./contact-store";
import { listDefinitions, type PropertyDefinition } from "./definitions";
import type { CrmPromptProperty, CrmSession, CrmToolResult } from "./session";
import { displayValue, parsePropertyValue } from "./values";
import { visitorIdentity } from "./verified-visitors";
import type { IdentityRecord } from "./identity";
import { claimAwaiting, memoryAwaiting, type AwaitingSlot } from "../lifecycle/awaiting";

/** Sends a verification link for this conversation; never throws for a failed delivery. */
export type LinkSender = (input: {
  contactId: string;
  email: string;
}) => Promise<{ status: "sent" | "rate_limited" | "failed" }>;

export type CrmSessionDeps = {
  env: Env;
  /** The reading agent: a verification counts only if given to it, for its `verifiedVisitorDays`. */
  agent: Pick<Agent, "id" | "settings">;
  visitorId: string;
  /** The visitor message this turn answers: a check that must wait remembers it, to answer it again later. */
  messageSeq: number;
  identity: IdentityRecord;
  /** The conversation's one awaited answer: a check that needs the visitor, or a change held for their yes (default: in memory). */
  awaiting?: AwaitingSlot;
  sendLink: LinkSender;
  /** The property definitions when the caller read them already (with the message's other reads). */
  definitions?: readonly PropertyDefinition[];
  /** Tells the visitor they count as verified (a verification of theirs still in its period was found). */
  announceVerified: (email: string) => void;
};

type Usable = { definition: PropertyDefinition; access: PropertyAccess };
type Access = { kind: "granted"; contactId: string | null } | { kind: "pending"; result: CrmToolResult };

const CHANGE_ID_BYTES = 9; // names one proposal within one conversation; need not be secret
const ONE_CHANGE_PER_TURN =
  "Only one change can wait for the visitor's answer at a time. The server is asking the visitor " +
  "about the change you proposed first; propose this one after they have answered.";
const CHECK_FIRST =
  "The visitor's identity check is not finished yet. Propose the change again after they have been verified.";

export class ConversationCrm implements CrmSession {
  /** The change this turn proposed (held for the visitor's yes), if any; the server asks about it after the turn. */
  proposedChangeId: string | null = null;

  private readonly awaiting: AwaitingSlot;

  private constructor(
    private readonly deps: CrmSessionDeps,
    private readonly usable: Map<string, Usable>,
    readonly properties: readonly CrmPromptProperty[],
  ) {
    this.awaiting = deps.awaiting ?? memoryAwaiting();
  }

  /** The session for a turn: the properties the admin lets the agent read or edit, with their definitions. */
  static async open(deps: CrmSessionDeps): Promise<ConversationCrm> {
    const settings = crmSettingsOf(deps.agent.settings);
    const usable = new Map<string, Usable>();
    const granted = Object.entries(settings.properties).filter(([, access]) => access.show || access.edit);
    if (granted.length > 0) {
      const definitions = new Map((deps.definitions ?? (await listDefinitions(deps.env))).map((d) => [d.name, d]));
      for (const [name, access] of granted) {
        const definition = definitions.get(name);
        if (definition) usable.set(name, { definition, access });
      }
    }
    const properties = [...usable.values()].map(({ definition, access }) => ({
      name: definition.name,
      label: definition.label,
      synonyms: definition.synonyms,
      read: access.show,
      edit: access.edit,
      ...(access.instructions ? { instructions: access.instructions } : {}),
    }));
    return new ConversationCrm(deps, usable, properties);
  }

  async lookup(property: string): Promise<CrmToolResult> {
    const found = this.usable.get(property);
    if (!found) return { status: "unknown_property", property };
    const { definition, access } = found;
    const base = { property, label: definition.label };
    if (!access.show) return { status: "not_allowed", ...base };
    const granted = await this.access(access.showProtection, base);
    if (granted.kind === "pending") return granted.result;
    const values = granted.contactId ? await readContactProperties(this.deps.env, granted.contactId) : null;
    const value = values?.[property];
    return value === undefined
      ? { status: "no_value", ...base }
      : { status: "ok", ...base, value: displayValue(value) };
  }

  async proposeChange(property: string, value: unknown): Promise<CrmToolResult> {
    const found = this.usable.get(property);
    if (!found) return { status: "unknown_property", property };
    const { definition, access } = found;
    const base = { property, label: definition.label };
    if (!access.edit) return { status: "not_allowed", ...base };
    if (this.proposedChangeId) return { status: "change_refused", ...base, reason: ONE_CHANGE_PER_TURN };
    const parsed = parsePropertyValue(definition, value);
    if (!parsed.ok) return { status: "invalid_value", ...base, error: parsed.error };
    const granted = await this.access(access.editProtection, base);
    if (granted.kind === "pending") return granted.result;
    if (!granted.contactId) return { status: "no_value", ...base };
    const id = randomId("chg", CHANGE_ID_BYTES);
    const change = {
      id,
      contactId: granted.contactId,
      property,
      label: definition.label,
      value: parsed.value,
      askedSeq: null,
    };
    if (!claimAwaiting(this.awaiting, { kind: "change_confirmation", change }))
      return { status: "change_refused", ...base, reason: CHECK_FIRST };
    this.proposedChangeId = id;
    return { status: "confirmation_required", ...base, value: displayValue(parsed.value) };
  }

  /** The contact whose data may be used at `level`, or the check that must happen first (started here). */
  async access(level: ProtectionLevel, base: { property: string; label: string }): Promise<Access> {
    const { env, agent, identity, visitorId, messageSeq } = this.deps;
    const { verifiedVisitorDays } = crmSettingsOf(agent.settings);
    const known = await visitorIdentity(env, visitorId, { id: agent.id, verifiedVisitorDays });
    let state = identity.get();
    if (!state.verified && known.stillVerified && known.contact) {
      state = identity.update({
        verified: { contactId: known.contact.id, email: known.contact.email, via: "returning_visitor" },
      });
      this.deps.announceVerified(known.contact.email);
    }
    const decision = decideAccess(level, {
      verifiedContactId: state.verified?.contactId ?? null,
      matchedContactId: state.matchedContactId,
      trustedContact: known.contact,
      knownEmail: state.givenEmail,
    });
    switch (decision.kind) {
      case "granted":
        return { kind: "granted", contactId: decision.contactId };
      case "granted_by_email":
        return { kind: "granted", contactId: await this.contactIdOf(decision.email) };
      case "matched":
        identity.update({ matchedContactId: decision.contactId });
        return { kind: "granted", contactId: decision.contactId };
      case "ask_email":
        claimAwaiting(this.awaiting, {
          kind: "verification",
          step: "email",
          messageSeq,
          level: level === "none" ? "match_email" : level,
        });
        return { kind: "pending", result: { status: "email_needed", ...base } };
      case "verify":
        return { kind: "pending", result: await this.verify(decision.email, base) };
    }
  }

  /** Sends a link when the address belongs to a contact; the reply is the same either way, so it tells nobody who is on file. */
  private async verify(email: string, base: { property: string; label: string }): Promise<CrmToolResult> {
    const contactId = await this.contactIdOf(email);
    if (contactId) {
      const sent = await this.deps.sendLink({ contactId, email });
      if (sent.status !== "sent") return { status: "verification_unavailable", ...base, reason: sent.status };
    }
    claimAwaiting(this.awaiting, {
      kind: "verification",
      step: "link",
      messageSeq: this.deps.messageSeq,
      level: "verify_email",
    });
    return { status: "verification_sent", ...base, email };
  }

  private async contactIdOf(email: string): Promise<string | null> {
    const row = await database(this.deps.env)
      .select({ id: contacts.id })
      .from(contacts)
      .where(eq(contacts.email, email.toLowerCase()))
      .get();
    return row?.id ?? null;
  }
}
