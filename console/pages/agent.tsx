/**
 * One agent's pages, as tabs: profile and publishing, behaviour settings, channels, actions, lead qualification, knowledge,
 * tests of the draft, analytics, knowledge gaps, controls.
 */
import type { VNode } from "preact";
import { grants, type Me } from "../api";
import { AGENT_TABS, type AgentTab, hrefOf } from "../route";
import { ActionsTab } from "./actions";
import { AnalyticsTab } from "./analytics";
import { BehaviourTab } from "./behaviour";
import { ChannelsTab } from "./channels";
import { ControlsTab } from "./controls";
import { GapsTab } from "./gaps";
import { GoalsTab } from "./goals";
import { KnowledgeTab } from "./knowledge";
import { ProfileTab } from "./profile";
import { TestsTab } from "./tests";

const TAB_NAMES: Record<AgentTab, string> = {
  profile: "Profile and publishing",
  behaviour: "Behaviour",
  channels: "Channels",
  actions: "Actions",
  goals: "Lead qualification",
  knowledge: "Knowledge",
  tests: "Tests",
  analytics: "Analytics",
  gaps: "Knowledge gaps",
  controls: "Controls and secrets",
};

export function AgentPage({ me, agentId, tab }: { me: Me; agentId: string; tab: AgentTab }): VNode {
  return (
    <>
      <h1>Agent {agentId}</h1>
      <nav class="c-tabs" aria-label="Agent">
        {AGENT_TABS.map((name) => (
          <a
            key={name}
            href={hrefOf({ page: "agent", agentId, tab: name })}
            aria-current={name === tab ? "page" : undefined}
          >
            {TAB_NAMES[name]}
          </a>
        ))}
      </nav>
      {tab === "profile" && <ProfileTab me={me} agentId={agentId} />}
      {tab === "knowledge" && <KnowledgeTab me={me} agentId={agentId} />}
      {tab === "analytics" && <AnalyticsTab agentId={agentId} />}
      {tab === "gaps" && <GapsTab me={me} agentId={agentId} />}
      {tab === "behaviour" && <BehaviourTab me={me} agentId={agentId} />}
      {tab === "channels" && <ChannelsTab me={me} agentId={agentId} />}
      {tab === "actions" && <ActionsTab me={me} agentId={agentId} />}
      {tab === "goals" && <GoalsTab me={me} agentId={agentId} />}
      {tab === "controls" && <ControlsTab me={me} agentId={agentId} />}
      {tab === "tests" &&
        (grants(me.role, "editor") ? <TestsTab agentId={agentId} /> : <p>Testing the draft needs the editor role.</p>)}
    </>
  );
}
