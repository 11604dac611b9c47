/** Signing in: an account's email and password, or an admin token / API key (kept for this tab only). */
import type { VNode } from "preact";
import { useState } from "preact/hooks";
import { api, rememberToken, signIn } from "./api";
import { Status, TextField, useSubmission } from "./form";

export function SignIn({ onSignedIn }: { onSignedIn: () => void }): VNode {
  const [withToken, setWithToken] = useState(false);
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [token, setToken] = useState("");
  const submission = useSubmission();
  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    const ok = await submission.run(async () => {
      if (withToken) {
        rememberToken(token.trim());
        await api("/me").catch((error: unknown) => {
          rememberToken(null);
          throw error;
        });
      } else {
        await signIn(email, password);
        await api("/me");
      }
    });
    if (ok) onSignedIn();
  };
  return (
    <main class="c-signin">
      <h1>Sign in to the Frontdesk console</h1>
      <form onSubmit={submit}>
        {withToken ? (
          <TextField
            label="Admin token or API key"
            name="token"
            errors={submission.errors}
            value={token}
            onValue={setToken}
            required
            type="password"
            autocomplete="off"
          />
        ) : (
          <>
            <TextField
              label="Email"
              name="email"
              errors={submission.errors}
              value={email}
              onValue={setEmail}
              required
              type="email"
              autocomplete="username"
            />
            <TextField
              label="Password"
              name="password"
              errors={submission.errors}
              value={password}
              onValue={setPassword}
              required
              type="password"
              autocomplete="current-password"
            />
          </>
        )}
        <Status>{submission.message}</Status>
        <button type="submit" class="c-primary" disabled={submission.busy}>
          Sign in
        </button>
      </form>
      <button type="button" class="c-link" onClick={() => setWithToken(!withToken)}>
        {withToken ? "Sign in with email and password" : "Use an admin token or API key instead"}
      </button>
    </main>
  );
}
