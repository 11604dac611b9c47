/** The tabs (Waiting / Mine / All) and the live list of conversations in the chosen one. */
import type { VNode } from "preact";
import type { Summary, View } from "./api";
import { reasonLabel } from "./lists";

const VIEWS: { view: View; label: string }[] = [
  { view: "waiting", label: "Waiting" },
  { view: "mine", label: "Mine" },
  { view: "all", label: "All" },
];

type Props = { view: View; items: Summary[]; selected: string | null; onView: (view: View) => void; onOpen: (id: string) => void };

export function ConversationList({ view, items, selected, onView, onOpen }: Props): VNode {
  return (
    <nav class="ib-list" aria-label="Conversations">
      <div class="ib-tabs" role="tablist">
        {VIEWS.map((tab) => (
          <button key={tab.view} type="button" role="tab" aria-selected={tab.view === view} class={tab.view === view ? "ib-tab ib-current" : "ib-tab"} onClick={() => onView(tab.view)}>
            {tab.label}
          </button>
        ))}
      </div>
      {items.length === 0 && <p class="ib-empty">No conversations here.</p>}
      <ul>
        {items.map((item) => (
          <li key={item.id}>
            <button type="button" class={item.id === selected ? "ib-row ib-current" : "ib-row"} aria-current={item.id === selected ? "true" : undefined} onClick={() => onOpen(item.id)} data-conversation={item.id}>
              <span class="ib-who">{item.contactEmail ?? "Visitor"}</span>
              <span class="ib-meta">
                {item.status.replace(/_/g, " ")}
                {item.assignedStaffName ? ` · ${item.assignedStaffName}` : ""}
                {item.handoffReason ? ` · ${reasonLabel(item.handoffReason)}` : ""}
              </span>
              {item.lastMessage && <span class="ib-last">{item.lastMessage}</span>}
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
