/**
 * The loader (`widget.js`) that runs on every page of the customer's site, so it does only what a
 * page needs before anyone chats: draws the launcher button once the agent's config says it can
 * chat on this site, creates the panel iframe on first open and lays it out, offers
 * `Frontdesk.signOut()` to the page (forgetting the visitor kept in the host's first-party storage,
 * visitor-storage.ts), and takes messages only from its own panel's window and origin. How to answer
 * them (the visitor token for the page's current user, its signed identity) is loader-bridge.ts,
 * fetched beside the panel on first open. Plain TypeScript: it must stay tiny.
 */
import type { Bridge } from "./loader-bridge";
import {
  BRIDGE_CHANNEL,
  BRIDGE_PROPERTY,
  PANEL_PARAM_AGENT,
  PANEL_PARAM_HOST,
  type LoaderMessage,
} from "./panel/bridge";
import { textOn, validAccent } from "./panel/color";
import { forgetVisitor } from "./visitor-storage";

/** The content hash of widget-bridge.js, filled in by scripts/build-widget.mjs: a new deploy never pairs with an old copy. */
declare const BRIDGE_VERSION: string;

declare global {
  interface Window {
    /** The host page's handle on the widget: `signOut()` when its user signs out. */
    Frontdesk?: { signOut(): void };
  }
}

const PHONE = "(max-width:480px)"; // at or below this width the panel takes the whole screen
const DEFAULT_ACCENT = "#2563eb"; // until (or unless) widget-config names the agent's color
const SVG_NS = "http://www.w3.org/2000/svg";
const ICON_CHAT = "M4 4h16v12H7l-3 3z"; // a speech bubble
const ICON_CLOSE = "M6 6l12 12M18 6L6 18"; // an ×

// Styles go in through the CSSOM (`style.cssText`), which a host page's CSP allows where it would
// refuse a <style> element or a style attribute; inline, host-page CSS cannot reach them either.
// The launcher: a thumb-sized round button (56px) 20px from the viewport edges, above nearly any
// host-page element (z-index just below the 32-bit maximum), with a 26px glyph.
const LAUNCHER_CSS =
  "position:fixed;right:20px;bottom:20px;width:56px;height:56px;border-radius:50%;border:0;padding:0;cursor:pointer;" +
  "box-shadow:0 4px 14px rgba(0,0,0,.25);z-index:2147483000;display:grid;place-items:center;";
const ICON_CSS = "width:26px;height:26px;fill:none;stroke:currentColor;stroke-width:2;stroke-linejoin:round";
// The panel, above the launcher; on a phone it takes the whole screen.
const FRAME_CSS = "position:fixed;border:0;box-shadow:0 8px 30px rgba(0,0,0,.25);background:#fff;z-index:2147483001;";
const FULL_SCREEN_CSS = "right:0;bottom:0;width:100%;height:100%";
// Floating: a comfortable reading width (380px), tall enough for a few exchanges (600px), 12px above
// the launcher (20 + 56 + 12 = 88px from the bottom), never past the viewport, with rounded corners.
const FLOATING_CSS =
  "right:20px;bottom:88px;width:380px;height:600px;max-width:calc(100vw - 40px);max-height:calc(100vh - 108px);border-radius:12px";

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
  const phone = window.matchMedia(PHONE);
  let frame: HTMLIFrameElement | null = null;
  let open = false;
  let panelReady = false; // before the panel says `ready` its window is still about:blank, another origin
  let bridge: Bridge | undefined; // the second half, loaded on first open (loader-bridge.ts)
  let waiting: unknown[] = []; // messages the panel sent before the bridge arrived
  let loading: HTMLScriptElement | undefined;

  const launcher = document.createElement("button");
  launcher.id = launcherId;
  launcher.type = "button";
  launcher.setAttribute("aria-label", "Open chat");
  launcher.setAttribute("aria-expanded", "false");
  const svg = document.createElementNS(SVG_NS, "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("aria-hidden", "true");
  svg.style.cssText = ICON_CSS;
  const icon = document.createElementNS(SVG_NS, "path");
  icon.setAttribute("d", ICON_CHAT);
  svg.append(icon);
  launcher.append(svg);

  const post = (message: LoaderMessage): void => frame?.contentWindow?.postMessage(message, workerOrigin);
  const opened = (): void => post({ channel: BRIDGE_CHANNEL, type: "open" });

  const layout = (): void => {
    if (frame)
      frame.style.cssText = `display:${open ? "block" : "none"};${FRAME_CSS}${phone.matches ? FULL_SCREEN_CSS : FLOATING_CSS}`;
  };

  const setOpen = (next: boolean): void => {
    open = next;
    if (open && !frame) {
      frame = document.createElement("iframe");
      frame.title = "Chat";
      frame.src =
        `${workerOrigin}/panel?${PANEL_PARAM_AGENT}=${encodeURIComponent(agentId)}` +
        `&${PANEL_PARAM_HOST}=${encodeURIComponent(location.origin)}`;
      document.body.append(frame);
      if (!bridge && !loading) {
        // Fetched beside the panel, which takes longer to say `ready`; until then its messages wait.
        loading = document.createElement("script");
        loading.src = `${workerOrigin}/widget-bridge.js?v=${BRIDGE_VERSION}`;
        loading.nonce = script.nonce; // a host page whose CSP trusts our tag by nonce trusts this one too
        loading.onload = () => {
          bridge = (loading as unknown as Record<string, Bridge | undefined>)[BRIDGE_PROPERTY];
          const queued = waiting;
          waiting = [];
          for (const data of queued) answer(data);
        };
        document.head.append(loading);
      }
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
    if (panelReady) opened();
  };

  const answer = (data: unknown): void => {
    if (!bridge) return void waiting.push(data);
    const reply = bridge(data, agentId, script, storage());
    if (reply === "close") setOpen(false);
    else if (reply) {
      panelReady = true;
      post(reply);
      if (open) opened();
    }
  };
  window.addEventListener("message", (event) => {
    // Only our own panel may talk to us: its exact window and the Worker's origin.
    if (frame && event.source === frame.contentWindow && event.origin === workerOrigin) answer(event.data);
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
      waiting = [];
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
      const accent = validAccent(config.accentColor) ?? DEFAULT_ACCENT;
      launcher.style.cssText = `${LAUNCHER_CSS}background:${accent};color:${textOn(accent)}`;
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
