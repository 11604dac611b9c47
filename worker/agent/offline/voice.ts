/**
 * The offline model's phrasing per personality: how it opens an answer taken from the
 * knowledge, and how it says it does not know. It reads the personality from the system prompt
 * (the `Personality:` line), as any model would, so the choice shows offline too. Short answers
 * stay verbatim: the admin wrote them.
 */
import type { Personality } from "../../db/agents";

export type Voice = { lead: string; abstain: string };

export const VOICES: Record<Personality, Voice> = {
  friendly: { lead: "", abstain: "I'm sorry, I don't know the answer to that. Would you like me to connect you with a person from our team?" },
  professional: { lead: "", abstain: "I do not have that information. I can connect you with a member of our team if you wish." },
  casual: { lead: "Sure thing! ", abstain: "Hmm, no idea on that one, sorry. Want me to grab someone from the team?" },
  empathetic: { lead: "I understand, let me help. ", abstain: "I'm really sorry, I don't know the answer to that, and I know that's frustrating. Shall I bring in a person from our team?" },
  witty: { lead: "Good question! ", abstain: "That one has me stumped, and I don't like to guess. Shall I fetch a human from our team?" },
  // A brand voice is free text a template cannot follow; offline it speaks plainly.
  brand_voice: { lead: "", abstain: "I don't know the answer to that. Would you like me to connect you with a person from our team?" },
};

const PERSONALITY_LINE = /^Personality: ([a-z_]+)$/m;

/** The voice named in a system prompt (friendly when none is named). */
export function voiceOf(system: string): Voice {
  const name = PERSONALITY_LINE.exec(system)?.[1] as Personality | undefined;
  return (name && VOICES[name]) || VOICES.friendly;
}
