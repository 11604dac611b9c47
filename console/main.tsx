/** Entry point of the admin console (`/console/`). */
import { render } from "preact";
import { App } from "./app";

const root = document.getElementById("app");
if (root) {
  root.replaceChildren(); // the static "Loading console…" placeholder; Preact leaves nodes it did not render
  render(<App />, root);
}
