/** Test helpers for the staff inbox: create staff through the admin API, accept invitations, and call /v1/inbox with the session cookie. */
import { expect } from "vitest";
import { adminFetch } from "../helpers/seed";
import { workerFetch } from "./chat-client";

export type StaffMember = { id: string; email: string; name: string; role: string; available: boolean };
export type SignedIn = { staff: StaffMember; cookie: string };

export async function inviteStaff(
  email: string,
  name: string,
  role = "agent",
): Promise<{ staff: StaffMember; token: string }> {
  const response = await adminFetch("/staff", { method: "POST", json: { email, name, role } });
  expect(response.status, await response.clone().text()).toBe(201);
  const body = (await response.json()) as { staff: StaffMember; invitationUrl: string };
  const token = new URL(body.invitationUrl).hash.replace(/^#invite=/, "");
  return { staff: body.staff, token };
}

export function inboxFetch(
  path: string,
  init: RequestInit & { cookie?: string; json?: unknown } = {},
): Promise<Response> {
  const { cookie, json, ...rest } = init;
  const headers = new Headers(rest.headers);
  if (cookie) headers.set("cookie", cookie);
  if (json !== undefined) headers.set("content-type", "application/json");
  return workerFetch(`/v1/inbox${path}`, {
    ...rest,
    headers,
    body: json === undefined ? rest.body : JSON.stringify(json),
  });
}

/** The `name=value` part of the session cookie a response set. */
export function sessionCookie(response: Response): string {
  const header = response.headers.get("set-cookie") ?? "";
  const match = /(?:^|,\s*)(fd_staff=[^;]+)/.exec(header);
  if (!match?.[1]) throw new Error(`no session cookie in ${header}`);
  return match[1];
}

/** Invites, accepts with a password and returns the signed-in session. */
export async function signedInStaff(
  email: string,
  name: string,
  password = "correct horse battery",
): Promise<SignedIn> {
  const { token } = await inviteStaff(email, name);
  const response = await inboxFetch("/invitations/accept", { method: "POST", json: { token, password } });
  expect(response.status, await response.clone().text()).toBe(200);
  const body = (await response.json()) as { staff: StaffMember };
  return { staff: body.staff, cookie: sessionCookie(response) };
}
