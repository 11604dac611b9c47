/** Action definitions for the actions admin API tests: a valid one, a credential, and how the API shows actions. */

/** A credential an action is saved with: it must never come back out. */
export const CREDENTIAL = "sk_live_action-credential-4711";

export type View = { id: string; name: string; credentialSet: boolean; live: boolean; request: { url: string } };
export type Listing = { actions: View[]; published: string[] };

/** A valid read action: an order's status by its number, with a bearer credential. */
export const ORDER_STATUS = {
  name: "order_status",
  description: "Looks up an order's status by its number",
  triggerPhrases: ["where is my order"],
  inputs: [{ name: "order_number", label: "order number", pattern: "\\d{4,8}" }],
  request: { method: "GET", url: "https://shop.example.com/api/orders/{{order_number}}?expand=items" },
  auth: { kind: "bearer" },
  response: { fields: [{ path: "$.status", label: "Status" }] },
};
