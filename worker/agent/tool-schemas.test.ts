/**
 * The tools a generative model is given carry parameters built once per isolate: the `ai` SDK turns a
 * bare zod schema into JSON Schema again on every model call, a ready schema only once. These tests pin
 * that every turn's tools share their schema objects, and that the JSON Schema the model reads is right.
 */
import { asSchema } from "ai";
import { describe, expect, it } from "vitest";
import { actionSchema } from "../actions/definition";
import type { ActionSession } from "../actions/session";
import { actionTools } from "../actions/tools";
import type { CrmSession } from "../crm/session";
import { HANDOFF_TOOL, handoffTools } from "../handoff/handoff-tool";
import { crmTools, LOOKUP_TOOL, UPDATE_TOOL } from "./crm-tools";

/** The schema object a tool's parameters resolve to when the SDK reads them (what it converts once). */
const schemaOf = (tools: ReturnType<typeof handoffTools>, name: string) => {
  const inputSchema = tools[name]?.inputSchema;
  if (!inputSchema) throw new Error(`no tool ${name}`);
  return asSchema(inputSchema);
};

const action = (name: string, inputs: { name: string; label: string; required?: boolean }[]) =>
  actionSchema.parse({
    id: `act_${name}_000`,
    name,
    description: `Does ${name}`,
    inputs,
    request: { method: "GET", url: "https://api.example.com/{{order_number}}" },
  });

const session = (actions: ReturnType<typeof action>[]) => ({ actions }) as unknown as ActionSession;
const crm = {} as CrmSession; // the tools only hold it for their calls; none is made here

describe("tool parameters", () => {
  it("are one schema for every turn's handoff tool, read as the model needs it", () => {
    const first = schemaOf(handoffTools(), HANDOFF_TOOL);
    expect(schemaOf(handoffTools(), HANDOFF_TOOL)).toBe(first);
    expect(first.jsonSchema).toMatchObject({
      type: "object",
      properties: { reason: { type: "string", minLength: 1, maxLength: 300 } },
      required: ["reason"],
    });
  });

  it("are one schema each for every turn's CRM tools", () => {
    for (const name of [LOOKUP_TOOL, UPDATE_TOOL])
      expect(schemaOf(crmTools(crm), name)).toBe(schemaOf(crmTools(crm), name));
    expect(schemaOf(crmTools(crm), UPDATE_TOOL).jsonSchema).toMatchObject({ required: ["property", "value"] });
  });

  it("are kept per action inputs: the same inputs on a re-read action share one, other inputs get their own", async () => {
    const order = () => action("order_status", [{ name: "order_number", label: "Order number", required: true }]);
    const lookup = action("lookup", [{ name: "zip", label: "Post code" }]);
    const first = schemaOf(actionTools(session([order(), lookup]), ""), "action_order_status");
    expect(schemaOf(actionTools(session([order()]), ""), "action_order_status")).toBe(first);
    const other = schemaOf(actionTools(session([order(), lookup]), ""), "action_lookup");
    expect(other).not.toBe(first);
    expect(first.jsonSchema).toMatchObject({ properties: { order_number: {} }, required: ["order_number"] });
    expect(other.jsonSchema).toMatchObject({ properties: { zip: {} } });
    expect(await first.validate?.({ order_number: "A-1" })).toMatchObject({ success: true });
    expect(await first.validate?.({})).toMatchObject({ success: false });
  });
});
