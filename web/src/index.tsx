import { hydrate, render } from "solid-js/web";
import "./index.css";
import App, { preloadPrerendered } from "./App";
import { mountOverPrerendered } from "./lib/prerendered";

const root = document.getElementById("root")!;
// a public page prerendered as the app renders it: adopt its nodes; the signed-in frame: render off-screen and swap
if (root.hasAttribute("data-hydrate"))
  void preloadPrerendered(location.pathname).then(() => hydrate(() => <App />, root));
else if (root.hasAttribute("data-prerendered")) mountOverPrerendered(root, (el) => render(() => <App />, el));
else render(() => <App />, root);
