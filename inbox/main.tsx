/** Entry point of the staff inbox (`/inbox/`). */
import { render } from "preact";
import { App } from "./app";

const root = document.getElementById("app");
if (root) {
  root.replaceChildren(); // the static "Loading inbox…" placeholder; Preact leaves nodes it did not render
  render(<App />, root);
}
