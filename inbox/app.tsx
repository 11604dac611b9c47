/**
 * The inbox application: who is signed in (or the sign-in / invitation form), availability,
 * the live conversation list (a socket per agent, `live-list.ts`; lists reload on reconnect), and the open
 * conversation.
 */
import type { VNode } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import {
  isSignedOut,
  listConversations,
  logout,
  me as fetchMe,
  setAvailable,
  type Staff,
  type Summary,
  type View,
} from "./api";
import { ConversationList } from "./conversation-list";
import { ConversationView, type Place } from "./conversation-view";
import { applyUpdate } from "./lists";
import { followAgents } from "./live-list";
import { SignIn } from "./sign-in";

type Session = { kind: "loading" } | { kind: "signed-out" } | { kind: "signed-in"; staff: Staff };

const invitationToken = (): string | null => /^#invite=([A-Za-z0-9_-]{43})$/.exec(location.hash)?.[1] ?? null;

function Inbox({
  staff,
  onStaff,
  onSignOut,
}: {
  staff: Staff;
  onStaff: (s: Staff) => void;
  onSignOut: () => void;
}): VNode {
  const [view, setView] = useState<View>("waiting");
  const [items, setItems] = useState<Summary[]>([]);
  const [selected, setSelected] = useState<string | null>(null);
  // The open conversation's channel, kept when it leaves the current tab's list.
  const place = useRef<Place & { id: string | null }>({ id: null, channel: "live_chat", channelAddress: null });
  const listed = items.find((item) => item.id === selected);
  if (listed)
    place.current = {
      id: listed.id,
      channel: listed.channel,
      channelAddress: listed.channelAddress,
      leadLabel: listed.leadLabel,
    };

  useEffect(() => {
    let current = true;
    const signedOut = (failure: unknown) => current && isSignedOut(failure) && onSignOut();
    const reload = () =>
      listConversations(view)
        .then((list) => current && setItems(list))
        .catch(signedOut);
    void reload();
    const stop = followAgents({
      opened: () => void reload(), // catch up on what changed while disconnected
      // A socket refused or dropped may mean the session ended (expired, signed out elsewhere): ask once per close.
      closed: () => current && void fetchMe().catch(signedOut),
      failed: signedOut,
      event: (event) => {
        if (event.type === "conversation") setItems((list) => applyUpdate(list, view, event.conversation, staff));
        if (event.type === "conversation_removed") {
          setItems((list) => list.filter((item) => item.id !== event.id));
          setSelected((open) => (open === event.id ? null : open));
        }
      },
    });
    return () => {
      current = false;
      stop();
    };
  }, [view, staff.id]);

  // Optimistic: the box changes at once; the server's answer (or the old value on failure) follows.
  const toggle = async (): Promise<void> => {
    const wanted = !staff.available;
    onStaff({ ...staff, available: wanted });
    try {
      onStaff(await setAvailable(wanted));
    } catch {
      onStaff({ ...staff, available: !wanted });
    }
  };
  return (
    <div class="ib-app">
      <header class="ib-top">
        <h1>Inbox</h1>
        <label class="ib-available">
          <input type="checkbox" checked={staff.available} onChange={toggle} /> Available
        </label>
        <span class="ib-me">{staff.name}</span>
        <button type="button" onClick={() => void logout().finally(onSignOut)}>
          Sign out
        </button>
      </header>
      <main class="ib-main">
        <ConversationList view={view} items={items} selected={selected} onView={setView} onOpen={setSelected} />
        {selected ? (
          <ConversationView
            key={selected}
            conversationId={selected}
            place={place.current.id === selected ? place.current : { channel: "live_chat", channelAddress: null }}
            me={staff}
            onSignOut={onSignOut}
          />
        ) : (
          <p class="ib-empty">Choose a conversation.</p>
        )}
      </main>
    </div>
  );
}

export function App(): VNode {
  const [session, setSession] = useState<Session>({ kind: "loading" });
  const invitation = invitationToken();
  useEffect(() => {
    if (invitation) return setSession({ kind: "signed-out" });
    fetchMe()
      .then((staff) => setSession({ kind: "signed-in", staff }))
      .catch(() => setSession({ kind: "signed-out" }));
  }, []);
  // Every state has its content in the main landmark (the signed-in layout puts it there itself).
  if (session.kind === "loading") return <main class="ib-status">Loading inbox…</main>;
  if (session.kind === "signed-out")
    return (
      <main>
        <SignIn invitation={invitation} onSignedIn={(staff) => setSession({ kind: "signed-in", staff })} />
      </main>
    );
  return (
    <Inbox
      staff={session.staff}
      onStaff={(staff) => setSession({ kind: "signed-in", staff })}
      onSignOut={() => setSession({ kind: "signed-out" })}
    />
  );
}
