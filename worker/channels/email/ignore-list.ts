/**
 * The email channel's ignore list: entries are addresses ("a@b.com") or domains ("b.com",
 * "@b.com"); a domain covers its subdomains too. Mail from an ignored sender is stored for a
 * person and never answered by the agent.
 */

/** Whether `address` is covered by one of the entries (case-insensitive). */
export function isIgnored(address: string, entries: readonly string[]): boolean {
  const sender = address.trim().toLowerCase();
  const domain = sender.split("@").pop() ?? "";
  return entries.some((raw) => {
    const entry = raw.trim().toLowerCase();
    if (!entry) return false;
    if (entry.includes("@") && !entry.startsWith("@")) return entry === sender;
    const ignored = entry.replace(/^@/, "");
    return domain === ignored || domain.endsWith(`.${ignored}`);
  });
}
