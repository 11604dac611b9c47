/**
 * The loader (`widget.js`) that runs on the customer's page: draws the launcher button once the
 * agent's config says it can chat on this site, creates
 * the panel iframe on first open, keeps the visitor token in the host's first-party storage, passes
 * on the host's signed identity of its user (`data-identity-*`, read when the panel starts, so a
 * page that learns its user after loading can still set them) and starts over as a new visitor
 * when that user changed or signed out (visitor-storage.ts), offers `Frontdesk.signOut()` to the
 * page, and talks to the panel only through checked postMessage. Plain TypeScript: it must stay tiny.
 */
import {
  BRIDGE_CHANNEL,
  PANEL_PARAM_AGENT,
  PANEL_PARAM_HOST,
  hostTokenKey,
  readIdentity,
  readPanelMessage,
  type LoaderMessage,
} from "./panel/bridge";
import { LIGHT_TEXT, textOn, validAccent } from "./panel/color";
import { forgetVisitor, tokenFor } from "./visitor-storage";

declare global {
  interface Window {
    /** The host page's handle on the widget: `signOut()` when its user signs out. */
    Frontdesk?: { signOut(): void };
  }
}

const PHONE_MAX_WIDTH_PX = 480; // at or below this width the panel takes the whole screen
const PANEL_WIDTH_PX = 380; // a comfortable reading width for chat bubbles
const PANEL_HEIGHT_PX = 600; // tall enough for a few exchanges without scrolling
const LAUNCHER_SIZE_PX = 56; // a thumb-sized round button
const ICON_SIZE_PX = 26; // the glyph inside the launcher
const PANEL_RADIUS_PX = 12; // rounded corners of the floating panel (none when full-screen)
const EDGE_GAP_PX = 20; // distance from the viewport edges
const PANEL_GAP_PX = 12; // between the launcher and the floating panel
const Z_INDEX = 2_147_483_000; // above nearly any host-page element, below the 32-bit maximum
const DEFAULT_ACCENT = "#2563eb"; // until (or unless) widget-config names the agent's color
const SVG_NS = "http://www.w3.org/2000/svg";
const ICON_CHAT = "M4 4h16v12H7l-3 3z"; // a speech bubble
const ICON_CLOSE = "M6 6l12 12M18 6L6 18"; // an ×

type Styles = Partial<Record<keyof CSSStyleDeclaration, string>>;
const px = (n: number): string => `${n}px`;
const style = (el: HTMLElement | SVGElement, styles: Styles): void => void Object.assign(el.style, styles);

function storage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null; // storage disabled by the visitor or the site's policy: the panel copes alone
  }
}

function start(script: HTMLScriptElement): void {
  const agentId = script.dataset.agent;
  if (!agentId) {
    console.warn("Frontdesk: the widget script needs a data-agent attribute");
    return;
  }
  const workerOrigin = new URL(script.src).origin;
  const launcherId = `frontdesk-launcher-${agentId}`;
  if (document.getElementById(launcherId)) return; // the tag was pasted twice
  const identity = () => {
    const { identityJwt, identityEmail, identityHash, identityUserId, identityIssuedAt } = script.dataset;
    return readIdentity({
      jwt: identityJwt,
      email: identityEmail,
      hash: identityHash,
      userId: identityUserId,
      issuedAt: identityIssuedAt,
    });
  };
  const phone = window.matchMedia(`(max-width: ${PHONE_MAX_WIDTH_PX}px)`);
  let frame: HTMLIFrameElement | null = null;
  let open = false;
  let panelReady = false; // before the panel says `ready` its window is still about:blank, another origin

  const launcher = document.createElement("button");
  launcher.id = launcherId;
  launcher.type = "button";
  launcher.setAttribute("aria-label", "Open chat");
  launcher.setAttribute("aria-expanded", "false");
  style(launcher, {
    position: "fixed",
    right: px(EDGE_GAP_PX),
    bottom: px(EDGE_GAP_PX),
    width: px(LAUNCHER_SIZE_PX),
    height: px(LAUNCHER_SIZE_PX),
    borderRadius: "50%",
    border: "0",
    padding: "0",
    cursor: "pointer",
    color: LIGHT_TEXT,
    background: DEFAULT_ACCENT,
    boxShadow: "0 4px 14px rgba(0,0,0,.25)",
    zIndex: String(Z_INDEX),
    display: "grid",
    placeItems: "center",
  });
  const svg = document.createElementNS(SVG_NS, "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("aria-hidden", "true");
  style(svg, {
    width: px(ICON_SIZE_PX),
    height: px(ICON_SIZE_PX),
    fill: "none",
    stroke: "currentColor",
    strokeWidth: "2",
    strokeLinejoin: "round",
  });
  const icon = document.createElementNS(SVG_NS, "path");
  icon.setAttribute("d", ICON_CHAT);
  svg.append(icon);
  launcher.append(svg);

  const post = (message: LoaderMessage): void => frame?.contentWindow?.postMessage(message, workerOrigin);

  const layout = (): void => {
    if (!frame) return;
    const full = phone.matches;
    style(frame, {
      display: open ? "block" : "none",
      position: "fixed",
      right: full ? "0" : px(EDGE_GAP_PX),
      bottom: full ? "0" : px(EDGE_GAP_PX + LAUNCHER_SIZE_PX + PANEL_GAP_PX),
      width: full ? "100%" : px(PANEL_WIDTH_PX),
      height: full ? "100%" : px(PANEL_HEIGHT_PX),
      maxWidth: full ? "none" : `calc(100vw - ${px(2 * EDGE_GAP_PX)})`,
      maxHeight: full ? "none" : `calc(100vh - ${px(2 * EDGE_GAP_PX + LAUNCHER_SIZE_PX + PANEL_GAP_PX)})`,
      border: "0",
      borderRadius: full ? "0" : px(PANEL_RADIUS_PX),
      boxShadow: "0 8px 30px rgba(0,0,0,.25)",
      background: "#fff",
      zIndex: String(Z_INDEX + 1),
    });
  };

  const setOpen = (next: boolean): void => {
    open = next;
    if (open && !frame) {
      frame = document.createElement("iframe");
      frame.title = "Chat";
      const src = new URL("/panel", workerOrigin);
      src.searchParams.set(PANEL_PARAM_AGENT, agentId);
      src.searchParams.set(PANEL_PARAM_HOST, location.origin);
      frame.src = src.href;
      document.body.append(frame);
    }
    layout();
    launcher.setAttribute("aria-expanded", String(open));
    launcher.setAttribute("aria-label", open ? "Close chat" : "Open chat");
    icon.setAttribute("d", open ? ICON_CLOSE : ICON_CHAT);
    if (!open) {
      launcher.focus();
      return;
    }
    frame?.focus(); // the click's user activation lets focus move into the cross-origin frame
    if (panelReady) post({ channel: BRIDGE_CHANNEL, type: "open" });
  };

  window.addEventListener("message", (event) => {
    // Only our own panel may talk to us: its exact window and the Worker's origin.
    if (!frame || event.source !== frame.contentWindow || event.origin !== workerOrigin) return;
    const message = readPanelMessage(event.data);
    if (message?.type === "ready") {
      panelReady = true;
      const who = identity();
      post({ channel: BRIDGE_CHANNEL, type: "init", token: tokenFor(storage(), agentId, who), identity: who });
      if (open) post({ channel: BRIDGE_CHANNEL, type: "open" });
    } else if (message?.type === "token") {
      try {
        storage()?.setItem(hostTokenKey(agentId), message.token);
      } catch {
        // quota or policy: the conversation simply will not survive a reload on this site
      }
    } else if (message?.type === "close") setOpen(false);
  });
  launcher.addEventListener("click", () => setOpen(!open));
  // The host's user signed out: forget the visitor and drop the panel, so the next chat starts as nobody.
  const previous = window.Frontdesk;
  window.Frontdesk = {
    signOut() {
      previous?.signOut(); // another agent's widget on the same page
      forgetVisitor(storage(), agentId);
      frame?.remove();
      frame = null;
      panelReady = false;
      if (open) setOpen(false);
    },
  };
  phone.addEventListener("change", layout);

  // The launcher shows once the agent's config says it can chat here, in the agent's color: an
  // unpublished agent (404), a site it does not allow (403) or an unreachable server shows nothing.
  fetch(`${workerOrigin}/v1/agents/${encodeURIComponent(agentId)}/widget-config`)
    .then((response) => (response.ok ? response.json() : null))
    .then((config: { accentColor?: unknown; name?: unknown } | null) => {
      if (!config || document.getElementById(launcherId)) return;
      const accent = validAccent(config.accentColor);
      if (accent) style(launcher, { background: accent, color: textOn(accent) });
      if (typeof config.name === "string") launcher.title = `Chat with ${config.name}`;
      document.body.append(launcher);
    })
    .catch(() => undefined);
}

const current = document.currentScript;
if (current instanceof HTMLScriptElement) {
  if (document.body) start(current);
  else document.addEventListener("DOMContentLoaded", () => start(current));
}
