/**
 * The fixed short answer every instant model of the benchmark streams — the loopback OpenAI-compatible
 * server Frontdesk calls (bench/instant-model.ts) and the in-process model of the peers and floors —
 * so every system streams the same text in the same pieces.
 */
export const INSTANT_ANSWER_CHUNKS = ["Refunds", " reach", " your", " card", " within", " 5", " working", " days."];
