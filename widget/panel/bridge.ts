/**
 * The postMessage contract between the host-page loader and the panel iframe: message types,
 * their validation, and the storage key names. Imported by both bundles, so it stays tiny and
 * DOM-free; the origin and source checks live with each side's listener.
 */

/** Every bridge message carries this tag so unrelated postMessage traffic is ignored. */
export const BRIDGE_CHANNEL = "frontdesk";
/** The property of the loader's second script element (`widget-bridge.js`, loader-bridge.ts) that hands its bridge to the loader. */
export const BRIDGE_PROPERTY = "frontdesk";
/** Visitor tokens are compact signed strings; anything longer is not one of ours. */
export const MAX_TOKEN_CHARS = 2_048;
/** Printable ASCII without spaces: covers base64url, dots and the like, and nothing that could break a header. */
const TOKEN_PATTERN = /^[\x21-\x7e]+$/;

/** Panel → loader. */
export type PanelMessage =
  /** The panel is listening; the loader answers with `init`. */
  | { channel: typeof BRIDGE_CHANNEL; type: "ready" }
  /** The server issued or renewed the visitor token: keep it in the host's storage. */
  | { channel: typeof BRIDGE_CHANNEL; type: "token"; token: string }
  /** The visitor closed the panel from inside it. */
  | { channel: typeof BRIDGE_CHANNEL; type: "close" };

/** What the host page vouches for about its signed-in user (docs/embedding-the-widget.md); the server checks the signature. */
export type HostIdentity = { email: string; hash: string; userId?: string; issuedAt?: number } | { jwt: string };

/** Loader → panel. */
export type LoaderMessage =
  /** The token the host page kept for this visitor (null for a first visit), and the host's identity of its user if it gave one. */
  | { channel: typeof BRIDGE_CHANNEL; type: "init"; token: string | null; identity: HostIdentity | null }
  /** The panel was just shown: move focus into it. */
  | { channel: typeof BRIDGE_CHANNEL; type: "open" };

type Fields = Record<string, unknown>;

// The server's limits: a longer value would make it refuse the whole start request, so it is dropped here.
const MAX_EMAIL_CHARS = 254;
const MAX_HASH_CHARS = 128;
const MAX_USER_ID_CHARS = 200;
const MAX_JWT_CHARS = 4_096;
/** Unix seconds as the host writes them (`data-identity-issued-at`), digits only; the server checks the window. */
const ISSUED_AT_PATTERN = /^\d{1,11}$/;

const within = (value: unknown, max: number): value is string =>
  typeof value === "string" && value.length > 0 && value.length <= max;

/** A host identity from the script tag's `data-identity-*` attributes or a bridge message; null when incomplete. */
export function readIdentity(f: {
  jwt?: unknown;
  email?: unknown;
  hash?: unknown;
  userId?: unknown;
  issuedAt?: unknown;
}): HostIdentity | null {
  if (within(f.jwt, MAX_JWT_CHARS)) return { jwt: f.jwt };
  if (!within(f.email, MAX_EMAIL_CHARS) || !within(f.hash, MAX_HASH_CHARS)) return null;
  const issuedAt = ISSUED_AT_PATTERN.test(String(f.issuedAt)) ? Number(f.issuedAt) : undefined;
  return {
    email: f.email,
    hash: f.hash,
    ...(within(f.userId, MAX_USER_ID_CHARS) ? { userId: f.userId } : {}),
    ...(issuedAt === undefined ? {} : { issuedAt }),
  };
}

export const isToken = (value: unknown): value is string =>
  typeof value === "string" && value.length <= MAX_TOKEN_CHARS && TOKEN_PATTERN.test(value);

function fields(data: unknown): Fields | null {
  return typeof data === "object" && data !== null && (data as Fields).channel === BRIDGE_CHANNEL
    ? (data as Fields)
    : null;
}

/** Validates a message the loader received; null for anything that is not a well-formed panel message. */
export function readPanelMessage(data: unknown): PanelMessage | null {
  const f = fields(data);
  if (!f) return null;
  if (f.type === "ready" || f.type === "close") return { channel: BRIDGE_CHANNEL, type: f.type };
  if (f.type === "token" && isToken(f.token)) return { channel: BRIDGE_CHANNEL, type: "token", token: f.token };
  return null;
}

/** Validates a message the panel received; null for anything that is not a well-formed loader message. */
export function readLoaderMessage(data: unknown): LoaderMessage | null {
  const f = fields(data);
  if (!f) return null;
  if (f.type === "open") return { channel: BRIDGE_CHANNEL, type: "open" };
  if (f.type === "init" && (f.token === null || isToken(f.token))) {
    const identity = typeof f.identity === "object" && f.identity !== null ? readIdentity(f.identity) : null;
    return { channel: BRIDGE_CHANNEL, type: "init", token: f.token, identity };
  }
  return null;
}

/** The host page's first-party localStorage key for an agent's visitor token. */
export const hostTokenKey = (agentId: string): string => `frontdesk:${agentId}:visitor`;

/**
 * The panel's own localStorage key. It names the host origin too, so a page that embeds the
 * panel claiming another host can never read the token kept for a real one.
 */
export const panelTokenKey = (agentId: string, hostOrigin: string | null): string =>
  `frontdesk:${agentId}:${hostOrigin ?? "direct"}:visitor`;

export { PANEL_PARAM_AGENT, PANEL_PARAM_HOST } from "../../worker/protocol/widget-config";
