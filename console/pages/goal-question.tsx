/** One question of the goal form: what to ask, the contact property it fills, the accepted answers, a validation pattern and its score. */
import type { VNode } from "preact";
import { Field, TextField } from "../form";

/** A question as the form edits it: every field as typed (lists comma-separated, the score as text). */
export type Row = { question: string; property: string; accepted: string; pattern: string; score: string };

export const emptyRow = (): Row => ({ question: "", property: "", accepted: "", pattern: "", score: "10" });

type Props = {
  index: number;
  row: Row;
  errors: Record<string, string>;
  properties: { name: string; label: string }[];
  onChange: (change: Partial<Row>) => void;
  /** Absent for the only question: a goal has at least one. */
  onRemove?: () => void;
};

export function GoalQuestion({ index, row, errors, properties, onChange, onRemove }: Props): VNode {
  const at = `settings.goal.criteria.${index}`;
  return (
    <fieldset class="c-card">
      <legend>Question {index + 1}</legend>
      <TextField
        label="Question"
        name={`${at}.question`}
        errors={errors}
        value={row.question}
        onValue={(question) => onChange({ question })}
      />
      <Field label="Contact property" name={`${at}.property`} errors={errors} hint="The answer is stored here.">
        {(id, describedBy) => (
          <select
            id={id}
            value={row.property}
            aria-describedby={describedBy}
            onChange={(e) => onChange({ property: e.currentTarget.value })}
          >
            <option value="">Choose a property</option>
            {properties
              .filter((p) => p.name !== "email") // the email identifies the contact; an answer never replaces it
              .map((p) => (
                <option key={p.name} value={p.name}>
                  {p.label} ({p.name})
                </option>
              ))}
          </select>
        )}
      </Field>
      <TextField
        label="Accepted answers"
        name={`${at}.accepted`}
        errors={errors}
        hint="Separated by commas: words (enterprise) or number ranges (11-50, 50+, <10). Empty: any answer."
        value={row.accepted}
        onValue={(accepted) => onChange({ accepted })}
      />
      <TextField
        label="Validation pattern"
        name={`${at}.pattern`}
        errors={errors}
        hint="Optional regular expression the whole answer must match, e.g. [0-9]+"
        code
        value={row.pattern}
        onValue={(pattern) => onChange({ pattern })}
      />
      <TextField
        label="Score"
        name={`${at}.score`}
        errors={errors}
        inputMode="numeric"
        value={row.score}
        onValue={(score) => onChange({ score })}
      />
      {onRemove && (
        <button type="button" onClick={onRemove}>
          Remove question {index + 1}
        </button>
      )}
    </fieldset>
  );
}
