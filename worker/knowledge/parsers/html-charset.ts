/**
 * Which character encoding an HTML response is in, as browsers decide it, and its text.
 */
const META_PRESCAN_BYTES = 1024; // browsers look for <meta charset> in the first 1,024 bytes
const CHARSET = /charset\s*=\s*["']?\s*([\w.:-]+)/i;

/**
 * An HTML response's bytes as text: a byte-order mark, then the Content-Type charset, then a
 * `<meta charset>` near the top decide the encoding; UTF-8 when none does or the label is unknown.
 */
export function decodeHtml(bytes: Uint8Array, contentType: string | null = null): string {
  const head = new TextDecoder("latin1").decode(bytes.subarray(0, META_PRESCAN_BYTES));
  const bom =
    bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf
      ? "utf-8"
      : bytes[0] === 0xfe && bytes[1] === 0xff
        ? "utf-16be"
        : bytes[0] === 0xff && bytes[1] === 0xfe
          ? "utf-16le"
          : null;
  const label =
    bom ??
    CHARSET.exec(contentType ?? "")?.[1] ??
    /<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)/i.exec(head)?.[1] ??
    "utf-8";
  try {
    return new TextDecoder(label.toLowerCase()).decode(bytes);
  } catch {
    return new TextDecoder().decode(bytes); // an unknown label: most of the web is UTF-8
  }
}
