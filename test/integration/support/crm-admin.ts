/** The contacts admin API for tests: saving and patching, creating a contact, its history, and checking an error answer. */
import { expect } from "vitest";
import { adminFetch } from "../helpers/seed";

export type ErrorResponse = { error: { code: string; message: string; details?: Record<string, string> } };
export type Contact = { id: string; email: string; properties: Record<string, unknown> };
export type Change = { property: string; oldValue: unknown; newValue: unknown; changedBy: string; createdAt: number };

export async function expectError(response: Response, status: number, code: string): Promise<ErrorResponse> {
  const body = (await response.json()) as ErrorResponse;
  expect(response.status, JSON.stringify(body)).toBe(status);
  expect(body.error).toMatchObject({ code, message: expect.any(String) });
  return body;
}

export const post = (path: string, json: unknown) => adminFetch(path, { method: "POST", json });
export const patch = (path: string, json: unknown) => adminFetch(path, { method: "PATCH", json });

export async function createContact(json: unknown): Promise<Contact> {
  const response = await post("/contacts", json);
  expect(response.status, await response.clone().text()).toBe(201);
  return (await response.json()) as Contact;
}

export async function history(id: string): Promise<Change[]> {
  return ((await (await adminFetch(`/contacts/${id}/history`)).json()) as { items: Change[] }).items;
}
