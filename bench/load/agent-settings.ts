/**
 * Prepares the demo agent for a load run through the admin API, as an owner with heavy traffic
 * would: conversation starts and messages allowed far beyond the defaults (every simulated visitor
 * shares one client IP: `wrangler dev` sets `CF-Connecting-IP` to 127.0.0.1), and no handoff
 * after unanswered questions, so every turn is the agent's. Then publishes it.
 */
import demo from "../../scripts/demo-agent.json" with { type: "json" };

const UNLIMITED = { count: 100_000, minutes: 1 };

export async function prepareAgentForLoad(baseUrl: string, adminToken: string): Promise<void> {
  const headers = { authorization: `Bearer ${adminToken}`, "content-type": "application/json" };
  const agent = await fetch(`${baseUrl}/api/agents/${demo.id}`, {
    method: "PUT",
    headers,
    body: JSON.stringify({
      ...demo.agent,
      settings: {
        ...demo.agent.settings,
        handoff: { afterAbstentions: 0 },
        limits: {
          conversationStartsPerIp: UNLIMITED,
          conversationStartsPerAgent: UNLIMITED,
          messagesPerConversation: UNLIMITED,
        },
      },
    }),
  });
  if (!agent.ok) throw new Error(`raising the demo agent's limits failed: ${agent.status} ${await agent.text()}`);
  const published = await fetch(`${baseUrl}/api/agents/${demo.id}/publish`, { method: "POST", headers });
  if (!published.ok) throw new Error(`publishing the demo agent failed: ${published.status} ${await published.text()}`);
}

/** Questions the demo agent answers from its own docs. */
export const DEMO_QUESTIONS = [
  "How do I embed the widget on my site?",
  "Does Frontdesk need an API key?",
  "Where are conversations stored?",
  "How do I add a short answer?",
];
