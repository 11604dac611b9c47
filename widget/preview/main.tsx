/** Entry point of `preview.js`, the widget preview page: reads the link from the URL's fragment and renders the preview. */
import { render } from "preact";
import { readPreviewLink } from "./api";
import { PreviewApp } from "./app";

const root = document.getElementById("app");
if (root) {
  root.replaceChildren(); // the static "Loading preview…" placeholder; Preact leaves nodes it did not render
  render(<PreviewApp link={readPreviewLink(location.hash)} />, root);
}
