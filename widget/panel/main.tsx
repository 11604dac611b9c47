/** Entry point of `panel.js`, the page inside the iframe: links up with the loader and renders the app. */
import { render } from "preact";
import { App } from "./app";
import { connectHost } from "./host-link";

const root = document.getElementById("app");
// Listen for the loader's `init` before anything else, so its answer to `ready` is never missed.
if (root) {
  root.replaceChildren(); // the static "Loading chat…" placeholder; Preact leaves nodes it did not render
  render(<App host={connectHost(location.search)} />, root);
}
