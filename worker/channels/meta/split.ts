/**
 * A message longer than the platform takes (WhatsApp 4,096 characters, Messenger 2,000) is sent as
 * several, cut where a reader would pause: between paragraphs, else after a sentence, else between
 * words, and only as a last resort in the middle of a word. The same text always splits the same
 * way, so a retried delivery knows which pieces it already sent.
 */

/** Where to cut `text` so the first piece has at most `max` characters. */
function cutAt(text: string, max: number): number {
  const window = text.slice(0, max + 1);
  const least = Math.floor(max / 3); // a cut much earlier than the limit would make many tiny messages
  const paragraph = window.lastIndexOf("\n\n");
  if (paragraph >= least) return paragraph;
  let sentence = -1;
  for (const match of window.matchAll(/[.!?…](?=\s)/g)) if (match.index < max) sentence = match.index + 1;
  if (sentence >= least) return sentence;
  const line = window.lastIndexOf("\n");
  if (line >= least) return line;
  const space = window.lastIndexOf(" ");
  if (space >= least) return space;
  return max;
}

/** `text` in pieces of at most `max` characters (counted in UTF-16 units, as the platforms do), none empty. */
export function splitMessage(text: string, max: number): string[] {
  const pieces: string[] = [];
  let rest = text.trim();
  while (rest.length > max) {
    let at = cutAt(rest, max);
    // Never cut a surrogate pair in two.
    const code = rest.charCodeAt(at - 1);
    if (code >= 0xd800 && code <= 0xdbff) at -= 1;
    const piece = rest.slice(0, at).trimEnd();
    if (piece) pieces.push(piece);
    rest = rest.slice(at).trimStart();
  }
  if (rest) pieces.push(rest);
  return pieces;
}
