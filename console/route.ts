/** The console's pages as hash routes (`#/agents/acme/knowledge`): no server round trip, and reloads keep the page. */
import { useEffect, useState } from "preact/hooks";

export type Route =
  | { page: "agents" }
  | { page: "agent"; agentId: string; tab: AgentTab }
  | { page: "audit" }
  | { page: "backups" }
  | { page: "people" };

export const AGENT_TABS = [
  "profile",
  "behaviour",
  "channels",
  "actions",
  "goals",
  "knowledge",
  "tests",
  "analytics",
  "gaps",
  "controls",
] as const;
export type AgentTab = (typeof AGENT_TABS)[number];

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, "").split("/").filter(Boolean).map(decodeURIComponent);
  if (parts[0] === "audit") return { page: "audit" };
  if (parts[0] === "backups") return { page: "backups" };
  if (parts[0] === "people") return { page: "people" };
  if (parts[0] === "agents" && parts[1]) {
    const tab = AGENT_TABS.find((t) => t === parts[2]) ?? "profile";
    return { page: "agent", agentId: parts[1], tab };
  }
  return { page: "agents" };
}

export function hrefOf(route: Route): string {
  if (route.page === "agent") return `#/agents/${encodeURIComponent(route.agentId)}/${route.tab}`;
  return `#/${route.page}`;
}

/** The current route, following the address bar. */
export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const onChange = (): void => setRoute(parseRoute(location.hash));
    window.addEventListener("hashchange", onChange);
    return () => window.removeEventListener("hashchange", onChange);
  }, []);
  return route;
}
