/** Signing in: with email and password, or by accepting an invitation link (`#invite=<token>`) and choosing a password. */
import type { VNode } from "preact";
import { useState } from "preact/hooks";
import { acceptInvitation, InboxError, login, type Staff } from "./api";

const MIN_PASSWORD_CHARS = 10; // the server's rule, repeated so the form can say it up front

export function SignIn({
  invitation,
  onSignedIn,
}: {
  invitation: string | null;
  onSignedIn: (staff: Staff) => void;
}): VNode {
  const [email, setEmail] = useState("");
  const [name, setName] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const staff = invitation
        ? await acceptInvitation(invitation, password, name.trim() || undefined)
        : await login(email, password);
      if (invitation) history.replaceState(null, "", location.pathname); // the token is spent; keep it out of the address bar
      onSignedIn(staff);
    } catch (failure) {
      setError(failure instanceof InboxError ? failure.message : "Could not reach the server. Please try again.");
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="ib-signin" onSubmit={submit}>
      <h1>{invitation ? "Join the inbox" : "Sign in to the inbox"}</h1>
      {invitation ? (
        <label>
          Your name (optional)
          <input name="name" autocomplete="name" value={name} onInput={(e) => setName(e.currentTarget.value)} />
        </label>
      ) : (
        <label>
          Email
          <input
            name="email"
            type="email"
            autocomplete="username"
            required
            value={email}
            onInput={(e) => setEmail(e.currentTarget.value)}
          />
        </label>
      )}
      <label>
        {invitation ? `Choose a password (at least ${MIN_PASSWORD_CHARS} characters)` : "Password"}
        <input
          name="password"
          type="password"
          autocomplete={invitation ? "new-password" : "current-password"}
          required
          minLength={invitation ? MIN_PASSWORD_CHARS : undefined}
          value={password}
          onInput={(e) => setPassword(e.currentTarget.value)}
        />
      </label>
      {error && (
        <p class="ib-error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" disabled={busy}>
        {invitation ? "Join" : "Sign in"}
      </button>
    </form>
  );
}
