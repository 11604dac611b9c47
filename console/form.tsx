/**
 * Form pieces: a labelled field that shows the API's error for it (by field path) right below,
 * linked with aria-describedby; a text field and a select built on it; and the hook that runs a save and keeps
 * its failure.
 */
import type { ComponentChildren, VNode } from "preact";
import { useId, useState } from "preact/hooks";
import { ApiFailure } from "./api";

type FieldProps = {
  label: string;
  name: string;
  errors: Record<string, string>;
  children: (id: string, describedBy?: string) => VNode;
  hint?: string;
};

export function Field({ label, name, errors, children, hint }: FieldProps): VNode {
  const id = `f${useId()}`; // unique on the page: two forms may have fields of the same name
  const error = errors[name];
  const describedBy = [error ? `${id}-error` : "", hint ? `${id}-hint` : ""].filter(Boolean).join(" ") || undefined;
  return (
    <div class={error ? "c-field c-invalid" : "c-field"}>
      <label for={id}>{label}</label>
      {children(id, describedBy)}
      {hint && (
        <small id={`${id}-hint`} class="c-hint">
          {hint}
        </small>
      )}
      {error && (
        <small id={`${id}-error`} class="c-error">
          {error}
        </small>
      )}
    </div>
  );
}

type TextFieldProps = Omit<FieldProps, "children"> & {
  value: string;
  onValue: (value: string) => void;
  /** A textarea (`code`: in a monospace font) instead of a one-line input. */
  multiline?: boolean;
  code?: boolean;
  type?: "text" | "email" | "password" | "url";
  required?: boolean;
  autocomplete?: string;
  inputMode?: "numeric";
};

/** The common case: a text input or textarea bound to a value, inside a Field. */
export function TextField({
  value,
  onValue,
  multiline,
  code,
  type,
  required,
  autocomplete,
  inputMode,
  ...field
}: TextFieldProps): VNode {
  return (
    <Field {...field}>
      {(id, describedBy) =>
        multiline ? (
          <textarea
            id={id}
            class={code ? "c-code" : undefined}
            required={required}
            value={value}
            aria-describedby={describedBy}
            onInput={(e) => onValue(e.currentTarget.value)}
          />
        ) : (
          <input
            id={id}
            type={(type ?? "text") as "text"} // preact types each input type apart; these four share the same attributes
            required={required}
            autocomplete={autocomplete}
            inputMode={inputMode}
            value={value}
            aria-describedby={describedBy}
            onInput={(e) => onValue(e.currentTarget.value)}
          />
        )
      }
    </Field>
  );
}

/** A choice among fixed options, inside a Field. */
export function SelectField<T extends string>(props: {
  label: string;
  name: string;
  errors: Record<string, string>;
  value: T;
  options: readonly T[];
  names?: Partial<Record<T, string>>;
  onValue: (value: T) => void;
}): VNode {
  return (
    <Field label={props.label} name={props.name} errors={props.errors}>
      {(id, describedBy) => (
        <select
          id={id}
          value={props.value}
          aria-describedby={describedBy}
          onChange={(e) => props.onValue(e.currentTarget.value as T)}
        >
          {props.options.map((option) => (
            <option key={option} value={option}>
              {props.names?.[option] ?? option}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

export type Submission = {
  busy: boolean;
  errors: Record<string, string>;
  message: string | null;
  run: (work: () => Promise<unknown>, done?: string) => Promise<boolean>;
};

/** Runs `work`, keeping the API's field errors and message; true when it succeeded. */
export function useSubmission(): Submission {
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const run = async (work: () => Promise<unknown>, done?: string): Promise<boolean> => {
    setBusy(true);
    setErrors({});
    setMessage(null);
    try {
      await work();
      if (done) setMessage(done);
      return true;
    } catch (error) {
      if (error instanceof ApiFailure) {
        setErrors(error.fields);
        setMessage(error.message);
      } else setMessage("Something went wrong. Please try again.");
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { busy, errors, message, run };
}

export function Status({ children }: { children: ComponentChildren }): VNode | null {
  return children ? (
    <p class="c-message" role="status">
      {children}
    </p>
  ) : null;
}
