/**
 * The offline model's stock lines: how it opens an answer taken from the knowledge, how it says
 * it does not know, acknowledges a frustrated visitor, offers a person, brings one in, and which
 * emoji it uses when emoji are welcome. In English each personality has its own; in Danish, Norwegian, Swedish
 * and German the lines are neutral (locale.ts). The admin's phrases replace any of them — which
 * is how a brand voice is heard offline. Short answers stay verbatim: the admin wrote them.
 */
import type { Personality } from "../../db/agents";
import type { Language } from "../../knowledge/text";
import type { Directives } from "../prompt-directives";
import { isOfflineLanguage, LOCALES } from "./locale";

export type Voice = {
  lead: string;
  abstain: string;
  acknowledge: string;
  offerHandoff: string;
  clarify: string;
  emoji: string;
  /** Said when a person is brought in (unless the admin wrote their own); null: the plain default. */
  handoff: string | null;
};

const CLARIFY = LOCALES.en.clarify;

export const VOICES: Record<Personality, Voice> = {
  friendly: {
    lead: "",
    abstain:
      "I'm sorry, I don't know the answer to that. Would you like me to connect you with a person from our team?",
    acknowledge: "I'm sorry this has been such a hassle.",
    offerHandoff: "If you'd rather, I can connect you with a person from our team.",
    clarify: CLARIFY,
    emoji: "😊",
    handoff: null,
  },
  professional: {
    lead: "",
    abstain: "I do not have that information. I can connect you with a member of our team if you wish.",
    acknowledge: "I apologise for the inconvenience.",
    offerHandoff: "Should you prefer, I can connect you with a member of our team.",
    clarify: CLARIFY,
    emoji: "✅",
    handoff: "I am transferring you to a member of our team, who will join this conversation shortly.",
  },
  casual: {
    lead: "Sure thing! ",
    abstain: "Hmm, no idea on that one, sorry. Want me to grab someone from the team?",
    acknowledge: "Ugh, sorry, that sounds annoying.",
    offerHandoff: "Want me to grab someone from the team instead?",
    clarify: CLARIFY,
    emoji: "👍",
    handoff: "Hang tight, I'm grabbing someone from the team. They'll hop in shortly.",
  },
  empathetic: {
    lead: "I understand, let me help. ",
    abstain:
      "I'm really sorry, I don't know the answer to that, and I know that's frustrating. Shall I bring in a person from our team?",
    acknowledge: "I'm really sorry, I can hear how frustrating this is.",
    offerHandoff: "If it would help, I can bring in a person from our team right away.",
    clarify: CLARIFY,
    emoji: "💙",
    handoff: "I'm bringing in a person from our team who can help you further. They'll be with you shortly.",
  },
  witty: {
    lead: "Good question! ",
    abstain: "That one has me stumped, and I don't like to guess. Shall I fetch a human from our team?",
    acknowledge: "Sorry, that's no fun at all.",
    offerHandoff: "Or I can fetch a human from our team, if you prefer.",
    clarify: CLARIFY,
    emoji: "✨",
    handoff: "Calling in human reinforcements from our team. They'll be here shortly.",
  },
  // A brand voice is free text a template cannot follow: plain lines, unless the admin gives phrases.
  brand_voice: {
    lead: "",
    abstain: "I don't know the answer to that. Would you like me to connect you with a person from our team?",
    acknowledge: "Sorry about the trouble.",
    offerHandoff: "I can also connect you with a person from our team.",
    clarify: CLARIFY,
    emoji: "",
    handoff: null,
  },
};

/** The voice the directives call for: personality and language, with the admin's phrases on top. */
export function voiceFor(d: Pick<Directives, "personality" | "language" | "phrases">): Voice {
  const english = VOICES[d.personality] ?? VOICES.friendly;
  const base: Voice =
    d.language !== "en" && isOfflineLanguage(d.language)
      ? { ...LOCALES[d.language as Exclude<Language, "en">], lead: "", emoji: english.emoji, handoff: null }
      : english;
  const { lead, acknowledge, abstain, offerHandoff } = d.phrases;
  return {
    ...base,
    ...(lead !== undefined ? { lead: lead ? `${lead} ` : "" } : {}),
    ...(acknowledge ? { acknowledge } : {}),
    ...(abstain ? { abstain } : {}),
    ...(offerHandoff ? { offerHandoff } : {}),
  };
}
