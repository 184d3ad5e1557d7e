import { render } from "solid-js/web";
import "./index.css";
import App from "./App";
import { mountOverPrerendered } from "./lib/prerendered";

const root = document.getElementById("root")!;
if (root.hasAttribute("data-prerendered")) mountOverPrerendered(root, (el) => render(() => <App />, el));
else render(() => <App />, root);
