import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { ScriptedModel, DEFAULT_SCRIPTED_REPLY } from "../../worker/agent/scripted-model";
import { selectModel, usesOfflineModel } from "../../worker/agent/select-model";
import { runTurn, type TurnPart } from "../../worker/agent/turn";
import { HELP_CENTRE, insertAgentWithKnowledge } from "./knowledge-fixtures";

const REPLY = "Refunds reach your card within 5 working days.";

async function turnParts(turnEnv: Env, agentId: string, question: string): Promise<TurnPart[]> {
  const parts: TurnPart[] = [];
  for await (const part of runTurn({ env: turnEnv, agentId, history: [{ role: "user", text: question }] }))
    parts.push(part);
  return parts;
}

describe('FRONTDESK_MODEL = "scripted": a fixed reply through the generative path', () => {
  it("is chosen over a configured provider and is not the offline model", async () => {
    const scriptedEnv = {
      ...env,
      OPENAI_API_KEY: "sk-unused",
      FRONTDESK_MODEL: " scripted ",
      FRONTDESK_SCRIPTED_REPLY: "",
    };
    const model = await selectModel(scriptedEnv);
    expect(model).toBeInstanceOf(ScriptedModel);
    expect(usesOfflineModel(scriptedEnv)).toBe(false);
    expect(usesOfflineModel({ ...scriptedEnv, OPENAI_API_KEY: "" })).toBe(false);
    expect(usesOfflineModel({ ...scriptedEnv, OPENAI_API_KEY: "", FRONTDESK_MODEL: "gpt-4o-mini" })).toBe(true);
    const { content } = await model.doGenerate({ prompt: [] });
    expect(content).toEqual([{ type: "text", text: DEFAULT_SCRIPTED_REPLY }]);
  });

  it("streams its reply word by word and credits the turn's passages, as a generative model's answer", async () => {
    await insertAgentWithKnowledge("scripted-agent", HELP_CENTRE);
    const scriptedEnv = { ...env, OPENAI_API_KEY: "", FRONTDESK_MODEL: "scripted", FRONTDESK_SCRIPTED_REPLY: REPLY };
    const parts = await turnParts(scriptedEnv, "scripted-agent", "How long does a refund take to reach my card?");

    const deltas = parts.flatMap((p) => (p.type === "delta" ? [p.text] : []));
    expect(deltas.join("")).toBe(REPLY);
    const sources = parts.flatMap((p) => (p.type === "source" ? [p.source.id] : []));
    expect(sources[0]).toBe("doc:src_scripted-agent_articles:refunds");
    const finish = parts.find((p) => p.type === "finish");
    expect(finish).toMatchObject({ type: "finish", grounding: null, abstained: false });
  });

  it("stops between pieces when the turn is aborted", async () => {
    const controller = new AbortController();
    const { stream } = await new ScriptedModel(REPLY).doStream({ prompt: [], abortSignal: controller.signal });
    const reader = stream.getReader();
    const seen: string[] = [];
    const readAll = async () => {
      for (let part = await reader.read(); !part.done; part = await reader.read()) {
        if (part.value.type !== "text-delta") continue;
        seen.push(part.value.delta);
        controller.abort();
      }
    };
    await expect(readAll()).rejects.toThrow();
    // The stream reads one part ahead of its reader: at most the piece already queued follows the abort.
    expect(seen.slice(0, 1)).toEqual(["Refunds"]);
    expect(seen.length).toBeLessThanOrEqual(2);
  });
});
