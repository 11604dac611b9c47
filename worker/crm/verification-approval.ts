/**
 * What opening a verification link asks the visitor to approve, before anything is used up: the
 * agent's name, the address, and the labels of the contact properties a verified email lets that
 * agent show or change (its `settings.crm`). Properties open without any check are left out:
 * approving changes nothing for them.
 */
import { crmSettingsOf, type CrmSettings } from "./access-settings";
import { listDefinitions } from "./definitions";
import { previewVerificationToken, type ConsumeResult } from "./verification";
import { getAgent } from "../db/agents";
import { database } from "../db/client";

export type VerificationApproval = {
  agent: { name: string };
  email: string;
  /** Labels of the properties the agent may show once the visitor is verified. */
  show: string[];
  /** Labels of the properties the agent may change (after the visitor confirms each change in the chat). */
  edit: string[];
};

/** The property names verification unlocks for showing and for changing, in the settings' order. */
export function unlockedProperties(crm: CrmSettings): { show: string[]; edit: string[] } {
  const entries = Object.entries(crm.properties);
  return {
    show: entries.filter(([, a]) => a.show && a.showProtection !== "none").map(([name]) => name),
    edit: entries.filter(([, a]) => a.edit && a.editProtection !== "none").map(([name]) => name),
  };
}

/** The approval question for a token, or why the token cannot be used; the token stays usable either way. */
export async function verificationApproval(
  env: Pick<Env, "DB">,
  token: string,
  now = Date.now(),
): Promise<{ ok: true; approval: VerificationApproval } | Extract<ConsumeResult, { ok: false }>> {
  const preview = await previewVerificationToken(env, token, now);
  if (!preview.ok) return preview;
  const agent = await getAgent(database(env), preview.agentId);
  const unlocked = unlockedProperties(crmSettingsOf(agent?.settings ?? {}));
  const labels = new Map((await listDefinitions(env)).map((d) => [d.name, d.label]));
  const labelsOf = (names: string[]) => names.map((name) => labels.get(name) ?? name);
  return {
    ok: true,
    approval: {
      agent: { name: agent?.name ?? "the chat" },
      email: preview.email,
      show: labelsOf(unlocked.show),
      edit: labelsOf(unlocked.edit),
    },
  };
}
