// The Activity card's export: the days and the format go to the API with the session's token (a link would carry no
// authorization), the file is handed over under a name that says its range, and after a refusal nothing is saved.
import { afterEach, expect, test } from "bun:test";
import { cleanup, fireEvent, render, screen, waitFor } from "@solidjs/testing-library";
import { Toaster } from "solid-sonner";
import { ActivityExport } from "../src/components/relay/ActivityExport";
import { configureApi } from "../src/lib/api";
import type { Relay } from "../src/lib/types";

afterEach(() => {
  cleanup();
  configureApi({ baseUrl: "", token: () => null, fetch: (i, init) => fetch(i, init) });
});

const RELAY = { id: "r1", name: "R", subdomain: "r", url: "wss://r.x", plan: "free" } as unknown as Relay;

function setup(answer: () => Response) {
  const asked: { url: URL; auth: string | null; accept: string | null }[] = [];
  configureApi({
    baseUrl: "http://api.test",
    token: () => "tok",
    fetch: async (input, init) => {
      const h = new Headers(init?.headers);
      asked.push({ url: new URL(String(input)), auth: h.get("authorization"), accept: h.get("accept") });
      return answer();
    },
  });
  const saved: { name: string; text: string }[] = [];
  render(() => (
    <>
      <Toaster />
      <ActivityExport
        relay={RELAY}
        download={(blob, name) => void blob.text().then((text) => saved.push({ name, text }))}
      />
    </>
  ));
  return { asked, saved };
}

test("the last 30 days as CSV unless changed; the days picked go to the API with the session's token", async () => {
  const { asked, saved } = setup(() => new Response("id,created_at\r\n", { headers: { "Content-Type": "text/csv" } }));
  const from = screen.getByTestId("activity-export-from") as HTMLInputElement;
  const to = screen.getByTestId("activity-export-to") as HTMLInputElement;
  const today = new Date().toISOString().slice(0, 10);
  expect(to.value).toBe(today);
  expect(from.value).toBe(new Date(Date.now() - 29 * 86_400_000).toISOString().slice(0, 10));
  fireEvent.input(from, { target: { value: "2026-01-01" } });
  fireEvent.input(to, { target: { value: "2026-01-31" } });
  fireEvent.click(screen.getByTestId("activity-export"));
  await waitFor(() => expect(saved.length).toBe(1));
  expect(asked.length).toBe(1);
  expect(asked[0].url.pathname).toBe("/relays/r1/activity/export");
  expect(Object.fromEntries(asked[0].url.searchParams)).toEqual({
    from: "2026-01-01",
    to: "2026-01-31",
    format: "csv",
  });
  expect(asked[0].auth).toBe("Bearer tok");
  expect(asked[0].accept).toBe("text/csv");
  expect(saved[0]).toEqual({ name: "r-activity-2026-01-01_2026-01-31.csv", text: "id,created_at\r\n" });
});

test("a range the API refuses saves nothing, and the button is ready again", async () => {
  const { asked, saved } = setup(() =>
    Response.json(
      { error: "to (2026-01-01) is before from (2026-01-31)", code: "invalid_input", field: "to" },
      {
        status: 400,
      },
    ),
  );
  fireEvent.input(screen.getByTestId("activity-export-from"), { target: { value: "2026-01-31" } });
  fireEvent.input(screen.getByTestId("activity-export-to"), { target: { value: "2026-01-01" } });
  fireEvent.click(screen.getByTestId("activity-export"));
  await waitFor(() => expect(asked.length).toBe(1));
  await waitFor(() => expect((screen.getByTestId("activity-export") as HTMLButtonElement).disabled).toBe(false));
  await new Promise((r) => setTimeout(r, 50));
  expect(saved).toEqual([]);
});
