// The owner's list of open free trials over a fake API: each trial with its dates, End ends that one, End all ends
// every one, and the list is asked again after each.
import { afterEach, expect, test } from "bun:test";
import { cleanup, fireEvent, render, screen, waitFor } from "@solidjs/testing-library";
import { Toaster } from "solid-sonner";
import { OpenTrials } from "../src/components/relay/OpenTrials";
import { configureApi } from "../src/lib/api";
import type { OpenTrial } from "../src/lib/admission";
import type { Relay } from "../src/lib/types";

afterEach(() => {
  cleanup();
  configureApi({ baseUrl: "", token: () => null, fetch: (i, init) => fetch(i, init) });
});

const RELAY = { id: "r1", name: "R", subdomain: "r", status: "active", plan: "free" } as unknown as Relay;
const key = (c: string) => c.repeat(64);

function setup(open: OpenTrial[]) {
  const ends: unknown[] = [];
  configureApi({
    baseUrl: "http://api.test",
    token: () => "tok",
    fetch: async (input, init) => {
      const url = String(input);
      if (url.endsWith("/relays/r1/admission/trials") && (init?.method ?? "GET") === "GET")
        return Response.json({ items: open });
      if (url.endsWith("/relays/r1/admission/trials/end") && init?.method === "POST") {
        const body = JSON.parse(String(init.body));
        ends.push(body);
        const before = open.length;
        if (body.all) open.splice(0);
        else
          open.splice(
            open.findIndex((t) => t.pubkey === body.pubkey),
            1,
          );
        return Response.json({ ended: before - open.length });
      }
      return Response.json({ error: "not here" }, { status: 404 });
    },
  });
  render(() => (
    <>
      <Toaster />
      <OpenTrials relay={RELAY} />
    </>
  ));
  return ends;
}

const trial = (c: string): OpenTrial => ({
  pubkey: key(c),
  status: "trial",
  started_at: 1_800_000_000,
  ends_at: 1_800_000_000 + 30 * 86_400,
});

test("each open trial is listed; End ends that one and End all the rest", async () => {
  const ends = setup([trial("a"), trial("b"), trial("c")]);
  await waitFor(() => expect(screen.getAllByTestId("admission-trial")).toHaveLength(3));
  fireEvent.click(screen.getAllByTestId("admission-trial-end")[1]!);
  await waitFor(() => expect(screen.getAllByTestId("admission-trial")).toHaveLength(2));
  expect(ends).toEqual([{ pubkey: key("b") }]);
  fireEvent.click(screen.getByTestId("admission-trials-end-all"));
  await screen.findByTestId("admission-trials-none");
  expect(ends).toEqual([{ pubkey: key("b") }, { all: true }]);
});

test("a list that cannot be loaded says so", async () => {
  configureApi({
    baseUrl: "http://api.test",
    token: () => "tok",
    fetch: async () => Response.json({ error: "the database is busy" }, { status: 503 }),
  });
  render(() => <OpenTrials relay={RELAY} />);
  await screen.findByText(/Couldn't load the trials/);
});

test("no trials: the owner is told so, with no button to end any", async () => {
  setup([]);
  await screen.findByTestId("admission-trials-none");
  expect(screen.queryByTestId("admission-trials-end-all")).toBeNull();
});
