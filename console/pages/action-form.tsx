/**
 * The form that creates or replaces an action: what it is for, the inputs it collects, the HTTP
 * request, authentication (the credential is a password field that is never filled in: empty
 * keeps it), protection and risk, and the response fields the agent may use. The API's field
 * errors show under the field they belong to; a change is live when the agent is next published.
 */
import type { VNode } from "preact";
import { useState } from "preact/hooks";
import { api } from "../api";
import { SelectField, Status, TextField, useSubmission } from "../form";
import {
  AUTH_FIELD,
  AUTH_KINDS,
  AUTH_NAMES,
  type ActionForm,
  type ActionView,
  bodyOf,
  emptyInput,
  errorsUnder,
  formOf,
  INPUT_TYPES,
  type InputRow,
  PROTECTIONS,
} from "./action-fields";

type Props = { agentId: string; action: ActionView | null; onDone: (message: string) => void };

function InputRowFields(props: {
  row: InputRow;
  index: number;
  errors: Record<string, string>;
  onRow: (row: InputRow) => void;
  onRemove: () => void;
}): VNode {
  const { row, index, errors, onRow } = props;
  const at = `inputs.${index}`;
  const text = (key: "name" | "label" | "instructions" | "pattern" | "fromProperty", label: string, hint?: string) => (
    <TextField
      label={label}
      name={`${at}.${key}`}
      errors={errors}
      hint={hint}
      value={row[key]}
      onValue={(value) => onRow({ ...row, [key]: value })}
    />
  );
  return (
    <fieldset class="c-card">
      <legend>Input {index + 1}</legend>
      {text("name", "Name", "The placeholder: {{name}} in the URL or body")}
      {text("label", "Label", "What the agent calls it when asking")}
      <SelectField
        label="Type"
        name={`${at}.type`}
        errors={errors}
        value={row.type}
        options={INPUT_TYPES}
        onValue={(type) => onRow({ ...row, type })}
      />
      {text("instructions", "Format instructions")}
      {text("pattern", "Validation pattern", "A regular expression the whole value must match")}
      {text("fromProperty", "From contact property", "Filled from this property when the agent may read it")}
      <label class="c-check">
        <input
          type="checkbox"
          checked={row.required}
          onChange={(e) => onRow({ ...row, required: e.currentTarget.checked })}
        />
        Required
      </label>
      <button type="button" onClick={props.onRemove}>
        Remove input {index + 1}
      </button>
    </fieldset>
  );
}

export function ActionEditor({ agentId, action, onDone }: Props): VNode {
  const [form, setForm] = useState<ActionForm>(() => formOf(action));
  const submission = useSubmission();
  const set = (patch: Partial<ActionForm>): void => setForm({ ...form, ...patch });
  const errors = submission.errors;
  const grouped = (prefix: string) => ({ [prefix]: errorsUnder(errors, prefix) ?? "" });
  const authField = AUTH_FIELD[form.authKind];
  const title = action ? `Edit action ${action.name}` : "Add an action";
  const save = async (event: Event): Promise<void> => {
    event.preventDefault();
    const base = `/agents/${encodeURIComponent(agentId)}/actions`;
    const ok = await submission.run(() =>
      action
        ? api(`${base}/${encodeURIComponent(action.id)}`, { method: "PUT", json: bodyOf(form) })
        : api(base, { method: "POST", json: bodyOf(form) }),
    );
    if (ok) onDone("Saved as a draft: it goes live when the agent is published (Profile and publishing).");
  };
  return (
    <form class="c-card" onSubmit={save} aria-label={title}>
      <h2>{title}</h2>
      <TextField
        label="Name"
        name="name"
        errors={errors}
        required
        value={form.name}
        onValue={(name) => set({ name })}
        hint="Lower-case letters, digits and underscores: the tool name models see"
      />
      <TextField
        label="Description"
        name="description"
        errors={errors}
        required
        multiline
        value={form.description}
        onValue={(description) => set({ description })}
        hint="When the agent should use it"
      />
      <TextField
        label="Trigger phrases"
        name="triggerPhrases"
        errors={grouped("triggerPhrases")}
        multiline
        value={form.triggers}
        onValue={(triggers) => set({ triggers })}
        hint="One per line"
      />
      <h3>Inputs</h3>
      {form.inputs.map((row, i) => (
        <InputRowFields
          key={i}
          row={row}
          index={i}
          errors={errors}
          onRow={(next) => set({ inputs: form.inputs.map((r, j) => (j === i ? next : r)) })}
          onRemove={() => set({ inputs: form.inputs.filter((_, j) => j !== i) })}
        />
      ))}
      <button type="button" onClick={() => set({ inputs: [...form.inputs, emptyInput()] })}>
        Add an input
      </button>
      <h3>Request</h3>
      <SelectField
        label="Method"
        name="request.method"
        errors={errors}
        value={form.method}
        options={["GET", "POST"] as const}
        onValue={(method) => set({ method })}
      />
      <TextField
        label="URL"
        name="request.url"
        errors={errors}
        required
        type="url"
        value={form.url}
        onValue={(url) => set({ url })}
        hint="Inputs may fill the path and query: https://api.example.com/orders/{{order_number}}"
      />
      <TextField
        label="Headers"
        name="request.headers"
        errors={grouped("request.headers")}
        multiline
        code
        value={form.headers}
        onValue={(headers) => set({ headers })}
        hint="One per line: Name: value"
      />
      {form.method === "POST" && (
        <TextField
          label="Body"
          name="request.body"
          errors={errors}
          multiline
          code
          value={form.body}
          onValue={(body) => set({ body })}
          hint='JSON; placeholders go inside strings: {"order": "{{order_number}}"}'
        />
      )}
      <h3>Authentication</h3>
      <SelectField
        label="Authentication"
        name="auth.kind"
        errors={errors}
        value={form.authKind}
        options={AUTH_KINDS}
        names={AUTH_NAMES}
        onValue={(authKind) => set({ authKind, authField: "" })}
      />
      {authField && (
        <TextField
          label={authField.label}
          name={`auth.${authField.key}`}
          errors={errors}
          required
          value={form.authField}
          onValue={(value) => set({ authField: value })}
        />
      )}
      {form.authKind !== "none" && (
        <>
          <TextField
            label="Credential"
            name="credential"
            errors={errors}
            type="password"
            autocomplete="off"
            value={form.credential}
            onValue={(credential) => set({ credential, removeCredential: false })}
            hint={
              action?.credentialSet
                ? "Set — leave empty to keep. Stored encrypted, never shown again."
                : "Not set. Stored encrypted, never shown again."
            }
          />
          {action?.credentialSet && (
            <label class="c-check">
              <input
                type="checkbox"
                checked={form.removeCredential}
                onChange={(e) => set({ removeCredential: e.currentTarget.checked, credential: "" })}
              />
              Remove the credential
            </label>
          )}
        </>
      )}
      <h3>Safety</h3>
      <SelectField
        label="Protection"
        name="protection"
        errors={errors}
        value={form.protection}
        options={PROTECTIONS}
        onValue={(protection) => set({ protection })}
      />
      <SelectField
        label="Risk"
        name="risk"
        errors={errors}
        value={form.risk}
        options={["read", "write"] as const}
        names={{ read: "Read only", write: "Write (the visitor confirms first)" }}
        onValue={(risk) => set({ risk })}
      />
      <TextField
        label="Response fields"
        name="response.fields"
        errors={grouped("response.fields")}
        multiline
        code
        value={form.fields}
        onValue={(fields) => set({ fields })}
        hint="One per line: a JSON path, then its label ($.status Status)"
      />
      <label class="c-check">
        <input type="checkbox" checked={form.enabled} onChange={(e) => set({ enabled: e.currentTarget.checked })} />
        Enabled
      </label>
      <Status>{submission.message}</Status>
      <div class="c-actions">
        <button type="submit" class="c-primary" disabled={submission.busy}>
          Save action
        </button>
        <button type="button" onClick={() => onDone("")}>
          Cancel
        </button>
      </div>
    </form>
  );
}
