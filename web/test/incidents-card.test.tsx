// The admin's incidents card over a fake API: posting a note sends its title, text and state; a note is updated by
// its id; the API's refusal about a field is shown under that field, and nothing is sent for a note without a title.
import { afterEach, expect, test } from "bun:test";
import { cleanup, fireEvent, render, screen, waitFor } from "@solidjs/testing-library";
import { IncidentsCard } from "../src/components/IncidentsCard";
import { configureApi } from "../src/lib/api";
import type { StatusIncident, StatusPage } from "../src/lib/status";

afterEach(() => {
  cleanup();
  configureApi({ baseUrl: "", token: () => null, fetch: (i, init) => fetch(i, init) });
});

const OPEN: StatusIncident = {
  id: "7",
  title: "EU host down",
  body: "Looking.",
  state: "investigating",
  created_at: 1_764_200_000,
  updated_at: 1_764_200_000,
  resolved_at: null,
};

const PAGE: StatusPage = { state: "up", checked_at: 1_764_250_000, components: [], history: {}, incidents: [OPEN] };

type Sent = { key: string; body: unknown };

function open(answer: (key: string, body: unknown) => { status: number; body: unknown }) {
  const sent: Sent[] = [];
  configureApi({
    baseUrl: "http://api.test",
    token: () => "tok",
    fetch: async (input, init) => {
      const key = `${init?.method ?? "GET"} ${String(input).replace("http://api.test", "")}`;
      if (key === "GET /status") return Response.json(PAGE);
      const body = init?.body ? JSON.parse(String(init.body)) : undefined;
      sent.push({ key, body });
      const a = answer(key, body);
      return Response.json(a.body, { status: a.status });
    },
  });
  render(() => <IncidentsCard />);
  return sent;
}

const input = (name: string) => document.querySelector<HTMLInputElement>(`[name=${name}]`)!;
const type = (name: string, text: string) => fireEvent.input(input(name), { target: { value: text } });

test("posts a new note with its title, text and the default state", async () => {
  const sent = open((_, body) => ({ status: 201, body: { ...OPEN, id: "8", ...(body as object) } }));
  await screen.findByText("EU host down");
  type("title", "Slow sign-ins");
  type("body", "We are looking <b>into</b> it.");
  fireEvent.click(screen.getByText("Post note"));
  await waitFor(() => expect(sent.length).toBe(1));
  expect(sent[0]).toEqual({
    key: "POST /admin/status/incidents",
    body: { title: "Slow sign-ins", body: "We are looking <b>into</b> it.", state: "investigating" },
  });
  await waitFor(() => expect(input("title").value).toBe(""));
});

test("edits an existing note by its id", async () => {
  const sent = open((_, body) => ({ status: 200, body: { ...OPEN, ...(body as object) } }));
  await screen.findByText("EU host down");
  fireEvent.click(screen.getByText("Edit"));
  expect(input("title").value).toBe("EU host down");
  type("body", "Found it.");
  fireEvent.click(screen.getByText("Update note"));
  await waitFor(() => expect(sent.length).toBe(1));
  expect(sent[0]).toEqual({
    key: "PUT /admin/status/incidents/7",
    body: { title: "EU host down", body: "Found it.", state: "investigating" },
  });
});

test("a refusal about a field is shown under it; a note without a title is not sent", async () => {
  const sent = open(() => ({
    status: 400,
    body: { error: "the body is longer than 4000 characters", code: "invalid_input", field: "body" },
  }));
  await screen.findByText("EU host down");
  fireEvent.click(screen.getByText("Post note"));
  expect(await screen.findByText("An incident needs a title.")).toBeTruthy();
  expect(sent.length).toBe(0);
  type("title", "Title");
  type("body", "x");
  fireEvent.click(screen.getByText("Post note"));
  const error = await screen.findByText("The body is longer than 4000 characters.");
  // the text field's error (described by it, marked invalid), not the title's
  const area = document.querySelector("textarea")!;
  expect(area.getAttribute("aria-invalid")).toBe("true");
  expect(error.id).not.toBe("");
  expect(area.getAttribute("aria-describedby")).toContain(error.id);
  expect(input("title").getAttribute("aria-invalid")).toBeNull();
  expect(input("title").value).toBe("Title");
});

test("notes that cannot be loaded are said so; the form still posts", async () => {
  configureApi({
    baseUrl: "http://api.test",
    token: () => "tok",
    fetch: async () => Response.json({ error: "database down", code: "server_error" }, { status: 503 }),
  });
  render(() => <IncidentsCard />);
  expect((await screen.findByText(/Couldn't load the notes/)).textContent).toContain("Database down");
  expect(screen.getByText("Post note")).toBeTruthy();
});
