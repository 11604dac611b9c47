/**
 * Which URLs an outbound fetch the user can steer may reach: http(s) to public hosts only. Refuses
 * literal private, loopback, link-local, shared (CGNAT), multicast, reserved and metadata
 * addresses — IPv4 in any spelling (the URL parser turns "0x7f.1" and "2130706433" into
 * "127.0.0.1" first), IPv6 including IPv4-mapped, NAT64, 6to4 and site-local forms — and local
 * names (localhost, *.localhost, *.local, *.internal, single-label names).
 * Limitation: only the URL is checked, never what its host name resolves to (Workers have no DNS
 * API). On Cloudflare, egress does not reach private networks; under self-hosted workerd a public
 * name that resolves to a private address is fetched (see SECURITY.md).
 */

export type Refusal = { code: "bad_url" | "blocked_address"; message: string };

/** IPv4 ranges no outbound fetch may reach, as [first octets, prefix length]. */
const BLOCKED_V4: [number[], number][] = [
  [[0], 8], // "this" network
  [[10], 8], // private
  [[100, 64], 10], // shared address space (CGNAT)
  [[127], 8], // loopback
  [[169, 254], 16], // link-local, incl. cloud metadata 169.254.169.254
  [[172, 16], 12], // private
  [[192, 0, 0], 24], // IETF protocol assignments
  [[192, 168], 16], // private
  [[198, 18], 15], // benchmarking
  [[224], 4], // multicast
  [[240], 4], // reserved, incl. broadcast
];

function parseV4(host: string): number[] | null {
  const parts = host.split(".");
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p))) return null;
  const octets = parts.map(Number);
  return octets.every((o) => o <= 255) ? octets : null;
}

function inRange(octets: number[], [prefix, bits]: [number[], number]): boolean {
  const address = octets.reduce((sum, o) => sum * 256 + o, 0);
  const base = [...prefix, 0, 0, 0, 0].slice(0, 4).reduce((sum, o) => sum * 256 + o, 0);
  const size = 2 ** (32 - bits);
  return address >= base && address < base + size;
}

const blockedV4 = (octets: number[]) => BLOCKED_V4.some((range) => inRange(octets, range));

/** The 8 16-bit groups of an IPv6 address as the URL parser writes it (compressed, lower-case, no zone). */
function parseV6(host: string): number[] | null {
  const [head = "", tail] = host.split("::");
  const groups = (part: string) => (part ? part.split(":") : []);
  const left = groups(head);
  const right = tail === undefined ? [] : groups(tail);
  const missing = 8 - left.length - right.length;
  if (missing < 0 || (tail === undefined && missing !== 0)) return null;
  const all = [...left, ...Array<string>(missing).fill("0"), ...right];
  if (!all.every((g) => /^[0-9a-f]{1,4}$/.test(g))) return null;
  return all.map((g) => Number.parseInt(g, 16));
}

function blockedV6(groups: number[]): boolean {
  const [g0 = 0, , , , , g5 = 0, g6 = 0, g7 = 0] = groups;
  const embeddedV4 = [g6 >> 8, g6 & 255, g7 >> 8, g7 & 255];
  if (groups.slice(0, 7).every((g) => g === 0) && g7 <= 1) return true; // :: and ::1
  if (groups.slice(0, 5).every((g) => g === 0) && (g5 === 0xffff || g5 === 0)) return blockedV4(embeddedV4); // mapped / compatible
  if (g0 === 0x64 && groups[1] === 0xff9b) return blockedV4(embeddedV4); // NAT64
  if ((g0 & 0xfe00) === 0xfc00) return true; // unique local, incl. fd00:ec2::254 (metadata)
  if ((g0 & 0xffc0) === 0xfe80) return true; // link-local
  if ((g0 & 0xffc0) === 0xfec0) return true; // site-local (deprecated, still routed privately by some networks)
  if (g0 === 0x2002) return true; // 6to4: relays reach the embedded IPv4 address, which may be private
  if ((g0 & 0xff00) === 0xff00) return true; // multicast
  return false;
}

const LOCAL_NAME = /(^|\.)(localhost|local|internal|home\.arpa|localdomain)$/;

/** Why `url` may not be fetched, or null when it may. `allowed` lists "host:port" pairs let through anyway (tests only). */
export function refuseUrl(url: URL, allowed: ReadonlySet<string> = new Set()): Refusal | null {
  if (url.protocol !== "http:" && url.protocol !== "https:")
    return { code: "bad_url", message: `Only http and https URLs can be fetched, not ${url.protocol}` };
  if (url.username || url.password) return { code: "bad_url", message: "URLs with credentials are not fetched" };
  const port = url.port || (url.protocol === "https:" ? "443" : "80");
  if (allowed.has(`${url.hostname}:${port}`)) return null;
  // A fully qualified name may end in a dot ("localhost.", "metadata.google.internal.") and resolves the same.
  const host = url.hostname.toLowerCase().replace(/\.+$/, "");
  const blocked = { code: "blocked_address" as const, message: `${host} is a private, local or reserved address` };
  if (host.startsWith("[")) {
    const groups = parseV6(host.slice(1, -1));
    return !groups || blockedV6(groups) ? blocked : null;
  }
  const v4 = parseV4(host);
  if (v4) return blockedV4(v4) ? blocked : null;
  if (LOCAL_NAME.test(host) || !host.includes(".")) return blocked;
  return null;
}

/** The test-only allowance from the ALLOW_LOOPBACK_FETCH binding: "127.0.0.1:4000,127.0.0.1:4001". Empty in production. */
export function loopbackAllowance(value: string | undefined): Set<string> {
  return new Set(
    (value ?? "")
      .split(",")
      .map((entry) => entry.trim())
      .filter((entry) => /^127\.0\.0\.1:\d{1,5}$/.test(entry)),
  );
}
