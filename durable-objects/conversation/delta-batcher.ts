/**
 * A turn's streamed text on its way to the log (and so to every socket): the first delta goes out
 * at once, so the visitor sees the answer start; later ones are gathered for up to DELTA_WINDOW_MS
 * and go out as one delta, so a long answer costs one log write and one frame per batch rather than
 * one per token. `flush` sends what is gathered (before the complete message or an error); `drop`
 * forgets it (the guard replaced the answer, and the complete message carries the new text).
 */
export const DELTA_WINDOW_MS = 25; // well under what a reader notices; a model streams a few tokens in it

export class DeltaBatcher {
  private pending = "";
  private timer: ReturnType<typeof setTimeout> | null = null;
  private started = false;

  constructor(private readonly write: (text: string) => void) {}

  push(text: string): void {
    if (!this.started) {
      this.started = true;
      this.write(text);
      return;
    }
    this.pending += text;
    this.timer ??= setTimeout(() => this.flush(), DELTA_WINDOW_MS);
  }

  flush(): void {
    const text = this.pending;
    this.drop();
    if (text) this.write(text);
  }

  drop(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.pending = "";
  }
}
