// Build-time rendering (scripts/prerender.ts): the public pages as HTML, and the signed-in pages' frame, so the
// browser paints real content before the app's JavaScript has loaded. Rendered signed out and without an API:
// data that needs the server (plans, a tenant's relays) shows as loading and is fetched by the app.
import { Route, Router } from "@solidjs/router";
import { generateHydrationScript, renderToStringAsync } from "solid-js/web";
import App, { PRERENDERED } from "./App";
import { LoadingRows } from "./components/states";
import { DashboardFrame, NavLink } from "./components/layout";

/** The pages to prerender and hydrate: [path, file name] (see PRERENDERED in App). */
export function prerenderedPages(): [string, string][] {
  return Object.entries(PRERENDERED).map(([path, p]) => [path, p.file]);
}

/** A whole page of the app as a visitor sees it at `url`. */
export function renderPage(url: string): Promise<string> {
  return renderToStringAsync(() => <App url={url} />);
}

/** Solid's inline script a hydrated page needs in its <head>, before anything it renders. */
export function hydrationScript(): string {
  return generateHydrationScript();
}

/** The dashboard's frame (header, navigation) around loading rows: what a signed-in page looks like before its data. */
export function renderFrame(): Promise<string> {
  const Frame = () => (
    <DashboardFrame
      home="/relays"
      nav={
        <>
          <NavLink href="/relays">Relays</NavLink>
          <NavLink href="/account">Account</NavLink>
        </>
      }
    >
      <LoadingRows />
    </DashboardFrame>
  );
  return renderToStringAsync(() => (
    <Router url="/relays">
      <Route path="*" component={Frame} />
    </Router>
  ));
}
