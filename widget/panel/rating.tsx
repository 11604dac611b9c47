/** The end-of-chat rating: five buttons, 1 to 5, once the conversation has ended; a thank-you once rated. */
import type { VNode } from "preact";
import { COPY } from "./copy";

const SCORES = [1, 2, 3, 4, 5] as const;

export function Rating({ rating, onRate }: { rating: number | null; onRate: (value: number) => void }): VNode {
  if (rating !== null) return <p role="status">{COPY.thanks}</p>;
  return (
    <fieldset class="fd-fb">
      <legend>{COPY.rate}</legend>
      {SCORES.map((n) => (
        <button type="button" key={n} onClick={() => onRate(n)}>
          {n}
        </button>
      ))}
    </fieldset>
  );
}
