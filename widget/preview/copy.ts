/** Every sentence the preview page shows its reviewer (an admin, not a visitor), in one place. */

export const PREVIEW_COPY = {
  banner: "Preview of the draft — not visible to visitors",
  bannerLabel: "About this preview",
  loading: "Loading preview…",
  badLink: "This preview link is incomplete. Mint a new one with POST /api/agents/:id/preview-token.",
  expired: "This preview link has expired. Mint a new one with POST /api/agents/:id/preview-token.",
  refused: "This preview link is not valid for this agent. Mint a new one with POST /api/agents/:id/preview-token.",
  failed: "The preview could not be loaded.",
  evidence: (question: number): string => `Evidence for question ${question}`,
  grounding: "Grounding",
  noGrounding: "none",
  answered: "answered",
  abstained: "abstained (the agent says it does not know)",
  avoidedTopic: "Avoided topic",
  handoff: "Handoff",
  noHandoff: "none",
  toolCalls: "Tool calls",
  ranked: "Ranked sources",
  noRanked: "No documents matched.",
  privateSource: "private, not cited",
  version: (version: number): string => `Draft version ${version}`,
  notAnswered: (message: string): string => `Not answered: ${message}`,
} as const;

/** Error codes that mean the link itself is no good (a retry will not help). */
const LINK_ERRORS: Record<string, string> = {
  preview_token_expired: PREVIEW_COPY.expired,
  preview_token_required: PREVIEW_COPY.badLink,
  invalid_preview_token: PREVIEW_COPY.refused,
  preview_token_wrong_agent: PREVIEW_COPY.refused,
};

/** What to say when the link stopped working, or null when the error is about one question. */
export const linkError = (code: string): string | null => LINK_ERRORS[code] ?? null;
