/**
 * Where a Markdown image still being written starts in the guard's cleaned text: the leftmost place
 * from which the text to its end could still become an image (`!`, `![alt`, `![alt](<url> "title"`…,
 * the prefixes OPEN_IMAGE in output-guard.ts accepts), kept as the text grows, a character at a time.
 * Each state of the image's syntax keeps the leftmost start that is in it, Infinity for none; a start
 * leaves when its image closes with `)` or can no longer be one. A `)` inside a title closes nothing.
 */
const NONE = Number.POSITIVE_INFINITY;
const SPACE = /\s/;

export class OpenImageStart {
  /** After `!`. */
  private bang = NONE;
  /** In `[alt` (no `]` or line break since). */
  private alt = NONE;
  /** Right after `]`. */
  private altEnd = NONE;
  /** After `(`, in the spaces before the address. */
  private linkStart = NONE;
  /** In the address: characters other than `)`, a space or `>` (an opening `<` counts as one). */
  private url = NONE;
  /** Right after the address's closing `>`. */
  private urlEnd = NONE;
  /** In the spaces after the address, where a title may start. */
  private beforeTitle = NONE;
  /** In a `"title"`, in a `'title'`, and in the spaces after a title. */
  private doubleTitle = NONE;
  private singleTitle = NONE;
  private afterTitle = NONE;

  copy(): OpenImageStart {
    return Object.assign(new OpenImageStart(), this);
  }

  /** Reads `text`, which starts at `offset` in the cleaned text. */
  read(text: string, offset: number): void {
    for (let i = 0; i < text.length; i++) {
      const c = text[i]!;
      const space = SPACE.test(c);
      const { bang, alt, altEnd, linkStart, url, urlEnd, beforeTitle, doubleTitle, singleTitle, afterTitle } = this;
      this.bang = c === "!" ? offset + i : NONE;
      this.alt = Math.min(c === "[" ? bang : NONE, c === "]" || c === "\n" ? NONE : alt);
      this.altEnd = c === "]" ? alt : NONE;
      this.linkStart = Math.min(c === "(" ? altEnd : NONE, space ? linkStart : NONE);
      this.url = c !== ")" && c !== ">" && !space ? Math.min(linkStart, url) : NONE;
      this.urlEnd = c === ">" ? Math.min(linkStart, url) : NONE;
      this.beforeTitle = space ? Math.min(linkStart, url, urlEnd, beforeTitle) : NONE;
      this.doubleTitle = c === '"' ? beforeTitle : doubleTitle;
      this.singleTitle = c === "'" ? beforeTitle : singleTitle;
      this.afterTitle = Math.min(
        c === '"' ? doubleTitle : NONE,
        c === "'" ? singleTitle : NONE,
        space ? afterTitle : NONE,
      );
    }
  }

  get start(): number {
    return Math.min(
      this.bang,
      this.alt,
      this.altEnd,
      this.linkStart,
      this.url,
      this.urlEnd,
      this.beforeTitle,
      this.doubleTitle,
      this.singleTitle,
      this.afterTitle,
    );
  }
}
