/**
 * The action engine's test kit: actions against the loopback owner's API (test/node/action-api.ts),
 * the environment that allows it, and a port that is never allowed (the stand-in for a private address).
 */
import { inject } from "vitest";
import { type Action, actionSchema } from "../../../worker/actions/definition";
import type { ActionCallResult } from "../../../worker/actions/run";
import { actionApi } from "./actions";

declare module "vitest" {
  export interface ProvidedContext {
    loopbackOtherUrl: string;
  }
}

export const api = actionApi();
export const other = inject("loopbackOtherUrl"); // a loopback port never allowed: the stand-in for a private address
export const allowApi = { ALLOW_LOOPBACK_FETCH: new URL(api).host };

/** A fresh key per test: the API records the requests made under it. */
export const newKey = () => crypto.randomUUID();

export const action = (fields: Record<string, unknown>): Action =>
  actionSchema.parse({
    id: "act_engine01",
    name: "order_status",
    description: "Looks up an order by its number",
    ...fields,
  });

/** The result of a call that must have succeeded (its failure is thrown, with the code). */
export function ok(result: ActionCallResult) {
  if (!result.ok) throw new Error(`${result.code}: ${result.message}`);
  return result;
}

export const orderInput = { name: "order_number", label: "order number", pattern: "\\d{4,8}" };
