/** The agent's leads (`GET /api/agents/:id/leads`): label, score, the answers and the contact, newest first, by label, a page at a time. */
import type { VNode } from "preact";
import { useEffect, useState } from "preact/hooks";
import { api } from "../api";

type Lead = {
  conversationId: string;
  label: "qualified" | "partially_qualified" | "unqualified";
  score: number;
  answers: { property: string; value: string; accepted: boolean }[];
  contactId?: string;
  at: number;
};
type Page = { items: Lead[]; nextCursor: string | null };

export const LEAD_LABEL_NAMES: Record<Lead["label"], string> = {
  qualified: "Qualified",
  partially_qualified: "Partially qualified",
  unqualified: "Unqualified",
};

export function LeadsList({ agentId }: { agentId: string }): VNode {
  const [label, setLabel] = useState("");
  const [leads, setLeads] = useState<Lead[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loaded, setLoaded] = useState(false);

  const load = async (after: string | null): Promise<void> => {
    const query = new URLSearchParams({ ...(label ? { label } : {}), ...(after ? { cursor: after } : {}) });
    try {
      const page = await api<Page>(`/agents/${agentId}/leads?${query}`);
      setLeads((shown) => (after ? [...shown, ...page.items] : page.items));
      setCursor(page.nextCursor);
      setError(null);
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : "Could not load");
    }
    setLoaded(true);
  };
  useEffect(() => {
    void load(null);
  }, [agentId, label]);

  return (
    <section class="c-card" aria-label="Leads">
      <h2>Leads</h2>
      <div class="c-filters">
        <label>
          Label{" "}
          <select value={label} onChange={(e) => setLabel(e.currentTarget.value)}>
            <option value="">All</option>
            {Object.entries(LEAD_LABEL_NAMES).map(([value, name]) => (
              <option key={value} value={value}>
                {name}
              </option>
            ))}
          </select>
        </label>
      </div>
      {error && <p role="alert">{error}</p>}
      {loaded && !error && leads.length === 0 && <p>No leads yet.</p>}
      {leads.length > 0 && (
        <table class="c-table">
          <caption>Labelled conversations, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Label</th>
              <th scope="col">Score</th>
              <th scope="col">Answers</th>
              <th scope="col">Contact</th>
              <th scope="col">When</th>
            </tr>
          </thead>
          <tbody>
            {leads.map((lead) => (
              <tr key={lead.conversationId}>
                <td>{LEAD_LABEL_NAMES[lead.label]}</td>
                <td>{lead.score}</td>
                <td>
                  {lead.answers.map((a) => (
                    <div key={a.property}>
                      {a.property}: {a.value}
                      {a.accepted ? " ✓" : ""}
                    </div>
                  ))}
                </td>
                <td>{lead.contactId ?? "—"}</td>
                <td>{new Date(lead.at).toLocaleString()}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {cursor && (
        <button type="button" onClick={() => void load(cursor)}>
          Show more
        </button>
      )}
    </section>
  );
}
