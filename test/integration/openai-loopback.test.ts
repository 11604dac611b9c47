import { env } from "cloudflare:workers";
import { describe, expect, inject, it } from "vitest";
import { runTurn, type TurnPart } from "../../worker/agent/turn";
import { HELP_CENTRE, insertAgentWithKnowledge } from "./knowledge-fixtures";

declare module "vitest" {
  export interface ProvidedContext {
    openaiLoopbackUrl: string;
  }
}

type RecordedRequest = {
  method: string;
  path: string;
  authorization: string | null;
  body: unknown;
  sentChunks: string[];
};
type ChatBody = { model: string; stream: boolean; messages: { role: string; content: string }[] };

describe("runTurn with the OpenAI provider against a loopback server", () => {
  it("streams the server's chunks, sending our system prompt with the retrieved passage", async () => {
    const loopback = inject("openaiLoopbackUrl");
    await insertAgentWithKnowledge("loopback-agent", HELP_CENTRE);
    const turnEnv: Env = {
      ...env,
      OPENAI_API_KEY: "test-key",
      OPENAI_BASE_URL: `${loopback}/v1`,
      FRONTDESK_MODEL: "loopback-model",
    };

    const parts: TurnPart[] = [];
    const question = "How long does a refund take to reach my card?";
    for await (const part of runTurn({
      env: turnEnv,
      agentId: "loopback-agent",
      history: [{ role: "user", text: question }],
    }))
      parts.push(part);

    const recorded = (await (await fetch(`${loopback}/__requests`)).json()) as RecordedRequest[];
    const request = recorded.find(
      (r) => r.path.endsWith("/chat/completions") && (r.body as ChatBody).messages.some((m) => m.content === question),
    );
    if (!request) throw new Error(`the loopback server never saw the question; it saw ${JSON.stringify(recorded)}`);
    const body = request.body as ChatBody;

    // The deltas are what the server streamed; the output guard holds back the last characters
    // until they are checked, so a reply this short arrives once the server is done.
    const deltas = parts.flatMap((p) => (p.type === "delta" ? [p.text] : []));
    expect(request.sentChunks.length).toBeGreaterThan(1);
    expect(deltas.join("")).toBe(request.sentChunks.join(""));
    expect(deltas.join("")).toBe("(loopback-model) Refunds reach your card within 5 working days.");

    // The real @ai-sdk/openai Chat Completions client made the call.
    expect(request.method).toBe("POST");
    expect(request.path).toBe("/v1/chat/completions");
    expect(request.authorization).toBe("Bearer test-key");
    expect(body.model).toBe("loopback-model");
    expect(body.stream).toBe(true);

    // The model received the knowledge only through the system prompt, quoted as data.
    const system = body.messages[0];
    expect(system?.role).toBe("system");
    expect(system?.content).toContain("You are Ada");
    expect(system?.content).toContain('"id":"doc:src_loopback-agent_articles:refunds"');
    expect(system?.content).toContain("> You can ask for a refund within 30 days of delivery from the Orders page.");
    expect(body.messages.at(-1)).toEqual({ role: "user", content: question });

    // Our code cites the passages it passed in.
    const sources = parts.flatMap((p) => (p.type === "source" ? [p.source] : []));
    expect(sources[0]).toEqual({
      id: "doc:src_loopback-agent_articles:refunds",
      title: "Refunds and returns",
      url: "https://shop.example/help/refunds",
    });
  });

  it("throws when the provider rejects the request, so the conversation logs a turn error", async () => {
    const loopback = inject("openaiLoopbackUrl");
    await insertAgentWithKnowledge("loopback-failing", HELP_CENTRE);
    const turnEnv: Env = { ...env, OPENAI_API_KEY: "wrong-key", OPENAI_BASE_URL: `${loopback}/failing/v1` };
    const history = [{ role: "user" as const, text: "How do I ask for a refund?" }];
    const run = async () => {
      for await (const part of runTurn({ env: turnEnv, agentId: "loopback-failing", history })) void part;
    };
    await expect(run()).rejects.toThrow(/Incorrect API key/);
  });
});
