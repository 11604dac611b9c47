/**
 * `npm run test:soak`: 1,000 conversations with 3 messages each, all at once, against one
 * `wrangler dev` (loopback, offline model, its own state), seeded like `npm run dev`. Prints sent /
 * answered / lost / duplicated / errors and the first-delta p50/p99, and fails on any loss,
 * duplicate or error. Bounded: a turn that takes longer than TURN_TIMEOUT_MS counts as lost.
 *
 *   npm run test:soak [-- --conversations 200 --messages 3]
 */
import { parseArgs } from "node:util";
import { prepareAgentForLoad, DEMO_QUESTIONS } from "../../bench/load/agent-settings";
import { formatReport, runLoad } from "../../bench/load/generator";
import { startSeededFrontdesk } from "../node/support/frontdesk";

const TURN_TIMEOUT_MS = 180_000; // a guard against a hung turn; at 1,000 at once a turn waits about 30 s

const { values } = parseArgs({
  options: { conversations: { type: "string", default: "1000" }, messages: { type: "string", default: "3" } },
});
const conversations = Number(values.conversations);
const messagesPerConversation = Number(values.messages);

const frontdesk = await startSeededFrontdesk();
let failed = true;
try {
  await prepareAgentForLoad(frontdesk.url, frontdesk.adminToken);
  console.log(`Soak: ${conversations} conversations x ${messagesPerConversation} messages against ${frontdesk.url}`);
  const { report } = await runLoad({
    baseUrl: frontdesk.url,
    agentId: "demo",
    conversations,
    messagesPerConversation,
    questions: DEMO_QUESTIONS,
    turnTimeoutMs: TURN_TIMEOUT_MS,
  });
  console.log(formatReport(report));
  const expected = conversations * messagesPerConversation;
  failed = report.lost + report.duplicated + report.errors > 0 || report.answered !== expected;
  if (failed) console.error(`Soak FAILED (expected ${expected} answers):\n  ${report.examples.join("\n  ")}`);
  else console.log("Soak passed: nothing lost, nothing duplicated, no errors.");
} finally {
  await frontdesk.stop();
}
process.exit(failed ? 1 : 0);
