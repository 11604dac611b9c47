/**
 * Whether an inbound email's From address is proven: only when Cloudflare Email Routing says the
 * message passed DMARC for the From domain.
 *
 * Why only the top-most Authentication-Results header, and only when it is Cloudflare's: anyone
 * can write Authentication-Results headers into the mail they send, and every server on the way
 * prepends its own above the ones it received. Email Routing is the last server before the Worker,
 * so its header is the first one in the message; everything below it was written by the sender or
 * by servers we do not know. A message whose top-most header is not Cloudflare's (say, a test
 * message or a different route) proves nothing, and a "dmarc=pass" further down is never read.
 * DMARC itself ties the result to the From header's domain (`header.from`), which must be the
 * domain of the address we take as the contact; then the address is as good as a link click.
 */
import type { ParsedEmail } from "./parse";

/**
 * The authserv-id Cloudflare Email Routing writes into its Authentication-Results header (the host
 * of its MX records). Not yet checked against a live message: if it differs, nothing is ever
 * proven — the safe way to be wrong.
 */
export const CLOUDFLARE_AUTHSERV_ID = "mx.cloudflare.net";

/** The header's authserv-id and its results (`method=result` with their properties), lower-cased. */
export function authenticationResults(value: string): { authservId: string; results: string[] } {
  const withoutComments = value.replace(/\([^()]*\)/g, " ");
  const [authserv = "", ...results] = withoutComments.split(";").map((part) => part.trim().toLowerCase());
  return { authservId: authserv.split(/\s+/)[0] ?? "", results: results.filter(Boolean) };
}

/** True when Cloudflare's (top-most) Authentication-Results says DMARC passed for the From address's domain. */
export function dmarcPassed(email: Pick<ParsedEmail, "headers" | "from">): boolean {
  const topMost = email.headers.find((h) => h.key === "authentication-results");
  if (!topMost) return false;
  const { authservId, results } = authenticationResults(topMost.value);
  if (authservId !== CLOUDFLARE_AUTHSERV_ID) return false;
  const fromDomain = email.from.split("@").pop() ?? "";
  return results.some((result) => {
    const words = result.split(/\s+/);
    return words[0] === "dmarc=pass" && words.includes(`header.from=${fromDomain}`);
  });
}
