/**
 * Email addresses typed by visitors: finding one in a message and telling a typo from a valid
 * address. Deliberately practical (what mail providers accept), not the full RFC 5322 grammar.
 */

const MAX_EMAIL_CHARS = 254; // RFC 5321's limit on a forward path
const MAX_LOCAL_CHARS = 64;
const CANDIDATE = /[^\s<>()[\],;:"]+@[^\s<>()[\],;:"]*/u;
const LOCAL = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+$/;
const LABEL = /^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$/;
const TLD = /^[A-Za-z]{2,63}$|^xn--[A-Za-z0-9-]{2,59}$/;

export type EmailInMessage =
  | { kind: "valid"; email: string }
  /** Something that was meant as an address but is not one ("jane@example", "jane.example.com"). */
  | { kind: "invalid"; attempt: string }
  | { kind: "none" };

export function isValidEmail(address: string): boolean {
  if (address.length > MAX_EMAIL_CHARS) return false;
  const at = address.lastIndexOf("@");
  if (at <= 0) return false;
  const local = address.slice(0, at);
  const labels = address.slice(at + 1).split(".");
  if (
    local.length > MAX_LOCAL_CHARS ||
    !LOCAL.test(local) ||
    local.startsWith(".") ||
    local.endsWith(".") ||
    local.includes("..")
  )
    return false;
  if (labels.length < 2 || !labels.every((label) => LABEL.test(label))) return false;
  return TLD.test(labels[labels.length - 1] ?? "");
}

/** The address in a message ("sure, it's Jane@Example.com!"), lower-cased, or why there is none. */
export function findEmail(message: string): EmailInMessage {
  const match = CANDIDATE.exec(message);
  if (match) {
    const candidate = match[0].replace(/[.!?]+$/, "");
    return isValidEmail(candidate)
      ? { kind: "valid", email: candidate.toLowerCase() }
      : { kind: "invalid", attempt: candidate };
  }
  const single = message.trim();
  // One word with a dot and no spaces ("jane.example.com") reads as a mistyped address.
  if (/^\S+\.\S+$/.test(single) && !/^https?:/i.test(single) && single.length <= MAX_EMAIL_CHARS)
    return { kind: "invalid", attempt: single };
  return { kind: "none" };
}
