/**
 * The console shell: signs in (an account with an admin role, or an admin token or API key), then
 * shows the navigation — agents, the audit log, people and keys, backups — and the page the address names.
 * What the caller's role may not do is not offered (the API refuses it anyway).
 */
import type { VNode } from "preact";
import { useEffect, useState } from "preact/hooks";
import { api, grants, type Me, signOut } from "./api";
import { AgentPage } from "./pages/agent";
import { AgentsPage } from "./pages/agents";
import { AuditPage } from "./pages/audit";
import { BackupsPage } from "./pages/backups";
import { PeoplePage } from "./pages/people";
import { hrefOf, useRoute } from "./route";
import { SignIn } from "./sign-in";

type Session = { state: "checking" } | { state: "signed_out" } | { state: "signed_in"; me: Me };

export function App(): VNode {
  const [session, setSession] = useState<Session>({ state: "checking" });
  const route = useRoute();
  const check = (): void => {
    api<Me>("/me")
      .then((me) => setSession({ state: "signed_in", me }))
      .catch(() => setSession({ state: "signed_out" })); // no session, or one without an admin role
  };
  useEffect(check, []);

  if (session.state === "checking") return <main class="c-status">Loading console…</main>;
  if (session.state === "signed_out") return <SignIn onSignedIn={check} />;
  const { me } = session;
  const leave = async (): Promise<void> => {
    await signOut();
    setSession({ state: "signed_out" });
  };
  return (
    <div class="c-shell">
      <header class="c-top">
        <a class="c-brand" href="#/">
          Frontdesk console
        </a>
        <nav aria-label="Main">
          <a
            href={hrefOf({ page: "agents" })}
            aria-current={route.page === "agents" || route.page === "agent" ? "page" : undefined}
          >
            Agents
          </a>
          <a href={hrefOf({ page: "audit" })} aria-current={route.page === "audit" ? "page" : undefined}>
            Audit log
          </a>
          {grants(me.role, "editor") && (
            <a href={hrefOf({ page: "people" })} aria-current={route.page === "people" ? "page" : undefined}>
              People and keys
            </a>
          )}
          {grants(me.role, "owner") && (
            <a href={hrefOf({ page: "backups" })} aria-current={route.page === "backups" ? "page" : undefined}>
              Backups
            </a>
          )}
        </nav>
        <p class="c-who">
          {me.name ?? me.email ?? (me.kind === "owner_token" ? "Admin token" : "API key")} ·{" "}
          <span class="c-role">{me.role}</span>
        </p>
        <button type="button" onClick={leave}>
          Sign out
        </button>
      </header>
      <main class="c-main">
        {route.page === "agents" && <AgentsPage me={me} />}
        {route.page === "agent" && <AgentPage me={me} agentId={route.agentId} tab={route.tab} />}
        {route.page === "audit" && <AuditPage />}
        {route.page === "people" && <PeoplePage me={me} />}
        {route.page === "backups" && <BackupsPage />}
      </main>
    </div>
  );
}
