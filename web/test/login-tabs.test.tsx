// The login page's first tab: the extension when the browser has one, else at once a new key (waiting first for a
// late extension showed an empty Extension tab for most of a second, issue 43).
import { afterEach, expect, test } from "bun:test";
import { cleanup, render, screen, waitFor } from "@solidjs/testing-library";
import { Route, Router } from "@solidjs/router";
import Login from "../src/pages/Login";

afterEach(() => {
  cleanup();
  delete (window as { nostr?: unknown }).nostr;
});

function open() {
  render(() => (
    <Router>
      <Route path="*" component={Login} />
    </Router>
  ));
}

const selected = (name: RegExp) => screen.getByRole("tab", { name }).getAttribute("aria-selected");

test("without an extension the page opens on New key at once, not after the wait for one", async () => {
  open();
  await waitFor(() => expect(selected(/new key/i)).toBe("true"), { timeout: 300 });
  expect(selected(/extension/i)).toBe("false");
});

test("with an extension the page stays on it", async () => {
  (window as { nostr?: unknown }).nostr = { getPublicKey: async () => "a".repeat(64), signEvent: async () => ({}) };
  open();
  await screen.findByTestId("login-extension");
  expect(selected(/extension/i)).toBe("true");
});
