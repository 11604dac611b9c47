/** Teams (what handoff routing names): each with its members; an owner creates, edits and deletes them. */
import type { VNode } from "preact";
import { useState } from "preact/hooks";
import { api } from "../api";
import { Status, TextField, useSubmission } from "../form";
import { useLoad } from "../load";

type Team = { id: string; name: string; memberIds: string[] };
type Person = { id: string; name: string };

function TeamForm({ team, people, onSaved }: { team: Team | null; people: Person[]; onSaved: () => void }): VNode {
  const [name, setName] = useState(team?.name ?? "");
  const [members, setMembers] = useState<string[]>(team?.memberIds ?? []);
  const submission = useSubmission();
  const save = async (event: Event): Promise<void> => {
    event.preventDefault();
    const ok = await submission.run(() =>
      api(team ? `/teams/${team.id}` : "/teams", { method: team ? "PUT" : "POST", json: { name, memberIds: members } }),
    );
    if (ok) onSaved();
  };
  const toggle = (id: string, on: boolean) => setMembers(on ? [...members, id] : members.filter((m) => m !== id));
  return (
    <form onSubmit={save} aria-label={team ? `Edit team ${team.name}` : "New team"}>
      <TextField label="Team name" name="name" errors={submission.errors} value={name} onValue={setName} required />
      <fieldset>
        <legend>Members</legend>
        {people.map((person) => (
          <label key={person.id} class="c-check">
            <input
              type="checkbox"
              checked={members.includes(person.id)}
              onChange={(e) => toggle(person.id, e.currentTarget.checked)}
            />{" "}
            {person.name}
          </label>
        ))}
      </fieldset>
      <Status>{submission.message}</Status>
      <button type="submit" class="c-primary" disabled={submission.busy}>
        {team ? "Save team" : "Create team"}
      </button>
    </form>
  );
}

export function Teams({ people, canEdit }: { people: Person[]; canEdit: boolean }): VNode {
  const teams = useLoad(() => api<{ items: Team[] }>("/teams"), []);
  const [editing, setEditing] = useState<Team | "new" | null>(null);
  const removal = useSubmission();
  const nameOf = (id: string): string => people.find((p) => p.id === id)?.name ?? id;
  const remove = (team: Team) =>
    removal.run(() => api(`/teams/${team.id}`, { method: "DELETE" })).then((ok) => ok && teams.reload());
  const saved = () => {
    setEditing(null);
    teams.reload();
  };
  return (
    <section class="c-card" aria-labelledby="teams">
      <h2 id="teams">Teams</h2>
      <Status>{removal.message}</Status>
      <ul class="c-list">
        {teams.data?.items.map((team) => (
          <li key={team.id}>
            <strong>{team.name}</strong>{" "}
            <span class="c-muted">{team.memberIds.map(nameOf).join(", ") || "no members"}</span>
            {canEdit && (
              <div class="c-actions">
                <button type="button" onClick={() => setEditing(team)}>
                  Edit {team.name}
                </button>
                <button type="button" onClick={() => remove(team)}>
                  Delete {team.name}
                </button>
              </div>
            )}
          </li>
        ))}
      </ul>
      {canEdit && editing === null && (
        <button type="button" onClick={() => setEditing("new")}>
          New team
        </button>
      )}
      {editing !== null && (
        <TeamForm
          key={editing === "new" ? "new" : editing.id}
          team={editing === "new" ? null : editing}
          people={people}
          onSaved={saved}
        />
      )}
    </section>
  );
}
