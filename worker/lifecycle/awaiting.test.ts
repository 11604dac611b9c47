import { describe, expect, it } from "vitest";
import { AWAITING_PRIORITY, awaited, claimAwaiting, memoryAwaiting, releaseAwaiting, type Awaiting } from "./awaiting";

const verification: Awaiting = { kind: "verification", step: "email", messageSeq: 3, level: "match_email" };
const actionInput: Awaiting = {
  kind: "action_input",
  actionId: "act_orders1",
  values: {},
  input: "order",
  retried: false,
};
const goalQuestion: Awaiting = { kind: "goal_question", criterion: 0, retried: false };
const emailCapture: Awaiting = { kind: "email_capture", heldMessageSeq: null };
const change: Awaiting = {
  kind: "change_confirmation",
  change: { id: "chg_1", contactId: "c1", property: "city", label: "City", value: "Oslo", askedSeq: null },
};
const write: Awaiting = {
  kind: "action_confirmation",
  call: { id: "call_1", actionId: "act_orders1", inputs: {}, contactId: null, askedSeq: null },
};

describe("the awaiting slot", () => {
  it("orders the flows: verification > confirmation > action input > goal question > email capture", () => {
    const order = [verification, change, actionInput, goalQuestion, emailCapture].map((a) => AWAITING_PRIORITY[a.kind]);
    expect(order).toEqual([...order].sort((a, b) => b - a));
    expect(new Set(order).size).toBe(order.length);
    expect(AWAITING_PRIORITY.action_confirmation).toBe(AWAITING_PRIORITY.change_confirmation);
  });

  it("a higher flow takes the slot from a lower one; a lower one cannot claim it", () => {
    const slot = memoryAwaiting(emailCapture);
    expect(claimAwaiting(slot, goalQuestion)).toBe(true);
    expect(claimAwaiting(slot, emailCapture)).toBe(false);
    expect(claimAwaiting(slot, actionInput)).toBe(true);
    expect(claimAwaiting(slot, goalQuestion)).toBe(false);
    expect(claimAwaiting(slot, verification)).toBe(true);
    expect(claimAwaiting(slot, change)).toBe(false);
    expect(slot.get()).toEqual(verification);
  });

  it("one confirmation at a time: a write action cannot displace a change waiting for its yes, nor the other way", () => {
    const slot = memoryAwaiting(change);
    expect(claimAwaiting(slot, write)).toBe(false);
    slot.set(write);
    expect(claimAwaiting(slot, change)).toBe(false);
  });

  it("the same flow replaces its own entry (the next input, the next question)", () => {
    const slot = memoryAwaiting(actionInput);
    const next = { ...actionInput, input: "zip", values: { order: "1234" } };
    expect(claimAwaiting(slot, next)).toBe(true);
    expect(slot.get()).toEqual(next);
  });

  it("release and lookup only touch the named kind", () => {
    const slot = memoryAwaiting(goalQuestion);
    expect(awaited(slot, "email_capture")).toBeNull();
    expect(releaseAwaiting(slot, "action_input")).toBeNull();
    expect(slot.get()).toEqual(goalQuestion);
    expect(releaseAwaiting(slot, "goal_question")).toEqual(goalQuestion);
    expect(slot.get()).toBeNull();
  });
});
