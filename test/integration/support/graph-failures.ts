/**
 * How the fake Graph API of the tests (test/node/webhook-receiver.ts) fails a message, by the ending of its
 * recipient's id; ids made for other tests must end otherwise (support/meta.ts `numericId`).
 */
export const GRAPH_FAILURE_ENDINGS = {
  /** Every message fails with a 500. */
  unavailable: "500",
  /** Every message fails with a 429. */
  rateLimited: "429",
  /** Every message is refused (400, a bad parameter). */
  refused: "400",
  /** Every second text message fails with a 500: a delivery that fails half-way. */
  everySecondText: "777",
} as const;
