// The members card's "Add member" field: a mistyped key is named under the field when the person tries to add it,
// and nothing is sent; a good npub is sent once. A member without a profile name reads as a short npub that still
// identifies them (its head and tail), apart from the row's actions, which wrap under it on a phone.
import { afterEach, expect, test } from "bun:test";
import { cleanup, fireEvent, render, screen, waitFor } from "@solidjs/testing-library";
import { Router, Route } from "@solidjs/router";
import { Toaster } from "solid-sonner";
import { getPublicKey, generateSecretKey } from "nostr-tools/pure";
import { npubEncode } from "nostr-tools/nip19";
import { MembersCard } from "../src/components/community/MembersCard";
import { displayName } from "../src/lib/community";
import { configureApi } from "../src/lib/api";
import type { Relay } from "../src/lib/types";

afterEach(() => {
  cleanup();
  configureApi({ baseUrl: "", token: () => null, fetch: (i, init) => fetch(i, init) });
});

const RELAY = {
  id: "r1",
  name: "R",
  subdomain: "r",
  url: "wss://r.x",
  plan: "free",
  status: "active",
} as unknown as Relay;

function setup(items: unknown[] = []) {
  const posted: string[] = [];
  configureApi({
    baseUrl: "http://api.test",
    token: () => "tok",
    fetch: async (input, init) => {
      const url = String(input);
      if (init?.method === "POST") {
        posted.push(String(init.body));
        const pubkey = JSON.parse(String(init.body)).pubkey;
        return Response.json({ pubkey, npub: pubkey, name: null, picture: null }, { status: 201 });
      }
      if (url.endsWith("/members"))
        return Response.json({ items, count: items.length, limit: 10, plan: "free", refusals: [] });
      // nothing else is answered: a made-up answer would be kept by the app's per-load caches (plans) for later files
      return Response.json({ error: "not here" }, { status: 404 });
    },
  });
  render(() => (
    <Router>
      <Route
        path="*"
        component={() => (
          <>
            <Toaster />
            <MembersCard relay={RELAY} base="/relays/r1" />
          </>
        )}
      />
    </Router>
  ));
  return posted;
}

test("a mistyped npub is named under the field on Add, and nothing is sent", async () => {
  const posted = setup();
  const field = (await screen.findByLabelText(/person to add/)) as HTMLInputElement;
  fireEvent.input(field, { target: { value: "npub1notarealkey" } });
  fireEvent.click(screen.getByTestId("add-member"));
  expect((await screen.findByTestId("pubkey-error")).textContent).toMatch(/\S/);
  expect(field.getAttribute("aria-invalid")).toBe("true");
  expect(posted).toEqual([]);
});

test("a good npub is sent once and the field empties", async () => {
  const posted = setup();
  const npub = npubEncode(getPublicKey(generateSecretKey()));
  const field = (await screen.findByLabelText(/person to add/)) as HTMLInputElement;
  fireEvent.input(field, { target: { value: npub } });
  fireEvent.click(screen.getByTestId("add-member"));
  await waitFor(() => expect(posted.length).toBe(1));
  expect(screen.queryByTestId("pubkey-error")).toBeNull();
  await waitFor(() => expect(field.value).toBe(""));
});

test("a member without a name shows a short npub that identifies them, the actions apart from it", async () => {
  const pubkey = getPublicKey(generateSecretKey());
  const npub = npubEncode(pubkey);
  setup([{ pubkey, npub, name: null, picture: null, role: "member", nip05_name: null }]);
  const row = await screen.findByTestId("member-row");
  const short = displayName(null, npub);
  // the head says "npub1" and seven more characters (what people compare), the tail six: not "npu…"
  expect(short).toBe(`${npub.slice(0, 12)}…${npub.slice(-6)}`);
  expect(short.length).toBeLessThan(20);
  const person = row.querySelector('[data-testid="member-person"]') as HTMLElement;
  expect(person.textContent).toContain(short);
  // the name has a part of the row of its own; the actions are another, which wraps under it where both do not fit
  const actions = row.querySelector('[data-testid="member-actions"]') as HTMLElement;
  expect(person.contains(actions)).toBe(false);
  expect(actions.querySelector('[data-testid="remove-member"]')).not.toBeNull();
  expect(actions.querySelector('[data-testid="ban-member"]')).not.toBeNull();
  expect(row.className).toContain("flex-wrap");
  expect(person.className).toContain("min-w-48");
});
