/**
 * The loader's record of the visitor in the host site's storage: the visitor token, and which of
 * the site's signed-in users (if any) it was started for — as a short fingerprint of the user's id,
 * never the address itself. A token started for another user, or for a user who has since signed
 * out, is dropped, so the next chat is a new, unverified visitor; `forgetVisitor` is
 * `Frontdesk.signOut()`. DOM-free apart from `atob`, so it is unit-tested in Node.
 */
import { hostTokenKey, type HostIdentity } from "./panel/bridge";

type Store = Pick<Storage, "getItem" | "setItem" | "removeItem">;

const HASH_MULTIPLIER = 31; // a 32-bit string hash: tells two users on one browser apart, keeps no address; resists nobody
const NO_CLAIMS = "jwt"; // a token whose claims cannot be read: the server refuses it anyway

/** The key, next to the token, of the fingerprint of the user it was started for. */
export const hostUserKey = (agentId: string): string => `frontdesk:${agentId}:user`;

/** The user a JWT names (`sub`, else `email`), read without checking it: only to compare, the server checks. */
function jwtUser(jwt: string): string {
  try {
    const claims: { sub?: unknown; email?: unknown } = JSON.parse(
      atob((jwt.split(".")[1] ?? "").replace(/-/g, "+").replace(/_/g, "/")),
    );
    return String(claims.sub ?? claims.email);
  } catch {
    return NO_CLAIMS;
  }
}

/** A fingerprint of the user the identity names, stable across page views (issued-at and signature change); "" for none. */
export function userFingerprint(identity: HostIdentity | null): string {
  if (!identity) return "";
  const user = "jwt" in identity ? jwtUser(identity.jwt) : (identity.userId ?? identity.email.toLowerCase());
  let hash = 0;
  for (let i = 0; i < user.length; i++) hash = (hash * HASH_MULTIPLIER + user.charCodeAt(i)) | 0;
  return (hash >>> 0).toString(36);
}

/**
 * The token to present for the page's current identity: the kept one when it was started for the
 * same user (or with no user, and there still is none); otherwise none, and the kept one is dropped.
 */
export function tokenFor(store: Store | null, agentId: string, identity: HostIdentity | null): string | null {
  if (!store) return null;
  const user = userFingerprint(identity);
  try {
    if ((store.getItem(hostUserKey(agentId)) ?? "") !== user) {
      store.removeItem(hostTokenKey(agentId));
      store.setItem(hostUserKey(agentId), user);
    }
    return store.getItem(hostTokenKey(agentId));
  } catch {
    return null; // storage refused: start as a new visitor rather than as someone else
  }
}

/** Forgets the visitor on this site: the next chat is a new, unverified visitor. (Removing never throws; only reaching storage may.) */
export function forgetVisitor(store: Store | null, agentId: string): void {
  store?.removeItem(hostTokenKey(agentId));
  store?.removeItem(hostUserKey(agentId));
}
