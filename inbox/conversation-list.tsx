/** The tabs (Waiting / Mine / All) and the live list of conversations in the chosen one, each with its channel and who it is with. */
import type { VNode } from "preact";
import type { Summary, View } from "./api";
import { channelName, leadLabelName, reasonLabel, stateLabel, whoLabel } from "./lists";

const VIEWS: { view: View; label: string }[] = [
  { view: "waiting", label: "Waiting" },
  { view: "mine", label: "Mine" },
  { view: "all", label: "All" },
];

type Props = {
  view: View;
  items: Summary[];
  selected: string | null;
  onView: (view: View) => void;
  onOpen: (id: string) => void;
};

const LIST_ID = "ib-list-panel";
const tabId = (view: View): string => `ib-tab-${view}`;

/** Arrow keys, Home and End move between tabs (the ARIA tabs pattern); only the current tab is in the Tab order. */
function nextView(key: string, view: View): View | null {
  const at = VIEWS.findIndex((tab) => tab.view === view);
  const to =
    key === "ArrowRight"
      ? at + 1
      : key === "ArrowLeft"
        ? at - 1
        : key === "Home"
          ? 0
          : key === "End"
            ? VIEWS.length - 1
            : null;
  if (to === null) return null;
  return VIEWS[(to + VIEWS.length) % VIEWS.length]?.view ?? null;
}

export function ConversationList({ view, items, selected, onView, onOpen }: Props): VNode {
  const onKeyDown = (event: KeyboardEvent): void => {
    const next = nextView(event.key, view);
    if (!next) return;
    event.preventDefault();
    onView(next);
    document.getElementById(tabId(next))?.focus();
  };
  return (
    <nav class="ib-list" aria-label="Conversations">
      <div class="ib-tabs" role="tablist" aria-label="Conversation lists" onKeyDown={onKeyDown}>
        {VIEWS.map((tab) => (
          <button
            key={tab.view}
            id={tabId(tab.view)}
            type="button"
            role="tab"
            aria-selected={tab.view === view}
            aria-controls={LIST_ID}
            tabIndex={tab.view === view ? 0 : -1}
            class={tab.view === view ? "ib-tab ib-current" : "ib-tab"}
            onClick={() => onView(tab.view)}
          >
            {tab.label}
          </button>
        ))}
      </div>
      <div id={LIST_ID} role="tabpanel" aria-labelledby={tabId(view)}>
        {items.length === 0 && <p class="ib-empty">No conversations here.</p>}
        <ul>
          {items.map((item) => (
            <li key={item.id}>
              <button
                type="button"
                class={item.id === selected ? "ib-row ib-current" : "ib-row"}
                aria-current={item.id === selected ? "true" : undefined}
                onClick={() => onOpen(item.id)}
                data-conversation={item.id}
              >
                <span class="ib-who">
                  <span class="ib-channel">{channelName(item.channel)}</span> {whoLabel(item).name}
                  {whoLabel(item).unverified && (
                    <span class="ib-unverified" title="Typed by the visitor, not proven to be theirs">
                      {" "}
                      unverified
                    </span>
                  )}
                </span>
                <span class="ib-meta">
                  {stateLabel(item.status, item.assignedStaffName)}
                  {item.handoffReason ? ` · ${reasonLabel(item.handoffReason)}` : ""}
                  {item.leadLabel ? ` · ${leadLabelName(item.leadLabel)}` : ""}
                </span>
                {item.lastMessage && <span class="ib-last">{item.lastMessage}</span>}
              </button>
            </li>
          ))}
        </ul>
      </div>
    </nav>
  );
}
