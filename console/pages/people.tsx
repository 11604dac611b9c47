/**
 * People and keys: the accounts (inbox role and admin role), teams (teams.tsx) and the API keys.
 * Owners invite people, change their roles, manage teams and create or revoke keys; a new key and
 * an invitation link are shown once.
 */
import type { VNode } from "preact";
import { useState } from "preact/hooks";
import { api, grants, type Me } from "../api";
import { Field, Status, TextField, useSubmission } from "../form";
import { useLoad } from "../load";
import { Teams } from "./teams";

type Account = {
  id: string;
  name: string;
  email: string;
  role: string;
  adminRole: string | null;
  invitationPending: boolean;
};
type Key = {
  id: string;
  name: string;
  role: string;
  prefix: string;
  lastUsedAt: number | null;
  revokedAt: number | null;
};

const ADMIN_ROLES = ["", "viewer", "editor", "owner"] as const;

function Invite({ onInvited }: { onInvited: () => void }): VNode {
  const [email, setEmail] = useState("");
  const [name, setName] = useState("");
  const [adminRole, setAdminRole] = useState("");
  const [link, setLink] = useState<string | null>(null);
  const submission = useSubmission();
  const invite = async (event: Event): Promise<void> => {
    event.preventDefault();
    await submission.run(async () => {
      const created = await api<{ invitationUrl: string }>("/staff", {
        method: "POST",
        json: { email, name, adminRole: adminRole || null },
      });
      setLink(created.invitationUrl);
      onInvited();
    });
  };
  return (
    <form class="c-card" onSubmit={invite} aria-labelledby="invite">
      <h2 id="invite">Invite someone</h2>
      <TextField
        label="Email"
        name="email"
        errors={submission.errors}
        value={email}
        onValue={setEmail}
        required
        type="email"
      />
      <TextField label="Name" name="name" errors={submission.errors} value={name} onValue={setName} required />
      <Field label="Console role" name="adminRole" errors={submission.errors}>
        {(id, d) => (
          <select id={id} value={adminRole} aria-describedby={d} onChange={(e) => setAdminRole(e.currentTarget.value)}>
            {ADMIN_ROLES.map((role) => (
              <option key={role} value={role}>
                {role || "none (inbox only)"}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Status>{submission.message}</Status>
      {link && (
        <p role="status">
          Send this single-use link to them: <code>{link}</code>
        </p>
      )}
      <button type="submit" class="c-primary" disabled={submission.busy}>
        Invite
      </button>
    </form>
  );
}

function NewKey({ onCreated }: { onCreated: () => void }): VNode {
  const [name, setName] = useState("");
  const [role, setRole] = useState("viewer");
  const [key, setKey] = useState<string | null>(null);
  const submission = useSubmission();
  const create = async (event: Event): Promise<void> => {
    event.preventDefault();
    await submission.run(async () => {
      setKey((await api<{ key: string }>("/keys", { method: "POST", json: { name, role } })).key);
      onCreated();
    });
  };
  return (
    <form class="c-card" onSubmit={create} aria-labelledby="new-key">
      <h2 id="new-key">New API key</h2>
      <TextField label="Name" name="name" errors={submission.errors} value={name} onValue={setName} required />
      <Field label="Role" name="role" errors={submission.errors}>
        {(id, d) => (
          <select id={id} value={role} aria-describedby={d} onChange={(e) => setRole(e.currentTarget.value)}>
            {ADMIN_ROLES.slice(1).map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Status>{submission.message}</Status>
      {key && (
        <p role="status">
          The key, shown this once: <code>{key}</code>
        </p>
      )}
      <button type="submit" class="c-primary" disabled={submission.busy}>
        Create key
      </button>
    </form>
  );
}

export function PeoplePage({ me }: { me: Me }): VNode {
  const owner = grants(me.role, "owner");
  const people = useLoad(() => api<{ items: Account[] }>("/staff"), []);
  const keys = useLoad(() => (owner ? api<{ keys: Key[] }>("/keys") : Promise.resolve({ keys: [] })), [owner]);
  const change = useSubmission();
  const setRole = (account: Account, adminRole: string) =>
    change
      .run(() => api(`/staff/${account.id}`, { method: "PATCH", json: { adminRole: adminRole || null } }))
      .then((ok) => ok && people.reload());
  const revoke = (key: Key) =>
    change.run(() => api(`/keys/${key.id}`, { method: "DELETE" })).then((ok) => ok && keys.reload());
  return (
    <>
      <h1>People and keys</h1>
      {people.error && <p role="alert">{people.error}</p>}
      <Status>{change.message}</Status>
      <table class="c-table">
        <caption>Accounts</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Email</th>
            <th scope="col">Inbox role</th>
            <th scope="col">Console role</th>
          </tr>
        </thead>
        <tbody>
          {people.data?.items.map((account) => (
            <tr key={account.id}>
              <td>
                {account.name}
                {account.invitationPending ? " (invited)" : ""}
              </td>
              <td>{account.email}</td>
              <td>{account.role}</td>
              <td>
                {owner ? (
                  <select
                    aria-label={`Console role of ${account.name}`}
                    value={account.adminRole ?? ""}
                    onChange={(e) => setRole(account, e.currentTarget.value)}
                  >
                    {ADMIN_ROLES.map((role) => (
                      <option key={role} value={role}>
                        {role || "none"}
                      </option>
                    ))}
                  </select>
                ) : (
                  (account.adminRole ?? "none")
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {owner && <Invite onInvited={people.reload} />}
      <Teams people={people.data?.items ?? []} canEdit={owner} />
      {owner && (
        <>
          <table class="c-table">
            <caption>API keys</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Role</th>
                <th scope="col">Starts with</th>
                <th scope="col">Last used</th>
                <th scope="col">Revoke</th>
              </tr>
            </thead>
            <tbody>
              {keys.data?.keys.map((key) => (
                <tr key={key.id}>
                  <td>{key.name}</td>
                  <td>{key.role}</td>
                  <td>
                    <code>{key.prefix}</code>
                  </td>
                  <td>{key.lastUsedAt ? new Date(key.lastUsedAt).toLocaleString() : "never"}</td>
                  <td>
                    {key.revokedAt ? (
                      "revoked"
                    ) : (
                      <button type="button" onClick={() => revoke(key)}>
                        Revoke {key.name}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <NewKey onCreated={keys.reload} />
        </>
      )}
    </>
  );
}
