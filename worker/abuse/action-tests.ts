/**
 * The limit on test runs of an agent's actions (`POST /api/agents/:id/actions/:act/test`): each run
 * calls the owner's API for real (a write action writes), so a script looping on the endpoint, or a
 * stolen editor's session, would hammer that API. Counted per agent in the rate-limiter Durable
 * Object; past it the run is refused with `429 rate_limited` and `Retry-After`, before anything is
 * sent.
 */
import type { Rate } from "../lib/rate-limit";
import { takeOrRefuse } from "./limiter";

/** An admin setting actions up tries each a few times; far fewer than a loop would. */
export const ACTION_TESTS_PER_AGENT: Rate = { count: 30, minutes: 10 };

/** Counts one test run for the agent; throws 429 past the limit. */
export async function countActionTest(env: Pick<Env, "RATE_LIMITER">, agentId: string): Promise<void> {
  await takeOrRefuse(env, `action-test:${agentId}`, ACTION_TESTS_PER_AGENT);
}
