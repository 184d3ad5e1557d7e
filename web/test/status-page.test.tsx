// The public status page (/status) over a fake API: the platform's state as the headline, each component with 90 day
// bars coloured by that day's worst state (date and state in the bar's title), the incident notes open ones first
// and strictly as text (a note's markup is shown as typed, never run or parsed), and a fresh read when the tab comes
// back into view.
import { afterEach, expect, jest, test } from "bun:test";
import { cleanup, render, screen, waitFor } from "@solidjs/testing-library";
import { Route, Router } from "@solidjs/router";
import Status, { REFRESH_MS } from "../src/pages/Status";
import { configureApi } from "../src/lib/api";
import type { StatusDay, StatusIncident, StatusPage } from "../src/lib/status";

afterEach(() => {
  cleanup();
  setVisibility("visible");
  configureApi({ baseUrl: "", token: () => null, fetch: (i, init) => fetch(i, init) });
});

function setVisibility(v: "visible" | "hidden") {
  Object.defineProperty(document, "visibilityState", { value: v, configurable: true });
  document.dispatchEvent(new Event("visibilitychange"));
}

/** 90 days ending 2026-11-27, oldest first; `worst` picks some days' states, the rest up. */
function days(worst: Record<number, StatusDay["state"]> = {}): StatusDay[] {
  const last = Date.UTC(2026, 10, 27);
  return Array.from({ length: 90 }, (_, i) => ({
    date: new Date(last - (89 - i) * 86_400_000).toISOString().slice(0, 10),
    state: i in worst ? (worst[i] ?? null) : "up",
  }));
}

const note = (over: Partial<StatusIncident>): StatusIncident => ({
  id: "1",
  title: "Title",
  body: "",
  state: "investigating",
  created_at: 1_764_200_000,
  updated_at: 1_764_200_000,
  resolved_at: null,
  ...over,
});

const PAGE: StatusPage = {
  state: "degraded",
  checked_at: 1_764_250_000,
  components: [
    { name: "platform", state: "degraded", detail: "a relay host is not answering" },
    { name: "node:eu", state: "down", detail: "not answering" },
  ],
  history: {
    platform: days({ 0: null, 88: "degraded", 89: "degraded" }),
    "node:eu": days({ 0: null, 50: "down", 89: "down" }),
  },
  incidents: [
    note({
      id: "old",
      title: "Slow sign-ins",
      body: "Fixed.",
      state: "resolved",
      updated_at: 1_764_000_100,
      resolved_at: 1_764_000_100,
    }),
    note({
      id: "open",
      title: "<b>EU host</b> down",
      body: '<script>alert("x")</script>\n<img src=x onerror=alert(1)>',
      updated_at: 1_763_000_000,
    }),
  ],
};

function open(answers: StatusPage[]) {
  const asked: string[] = [];
  configureApi({
    baseUrl: "http://api.test",
    token: () => "tok",
    fetch: async (input, init) => {
      asked.push(`${init?.method ?? "GET"} ${String(input).replace("http://api.test", "")}`);
      const headers = new Headers(init?.headers);
      if (headers.has("Authorization")) return Response.json({ error: "no", code: "unauthorized" }, { status: 401 });
      return Response.json(answers[Math.min(asked.length - 1, answers.length - 1)]);
    },
  });
  history.pushState({}, "", "/status");
  render(() => (
    <Router>
      <Route path="/status" component={Status} />
    </Router>
  ));
  return asked;
}

test("the platform's state large, each component's state and its 90 days coloured by the day's worst", async () => {
  const asked = open([PAGE]);
  const headline = await screen.findByTestId("status-headline");
  expect(headline.dataset.state).toBe("degraded");
  expect(headline.textContent).toContain("Some systems are degraded");
  const components = screen.getAllByTestId("status-component");
  expect(components.map((c) => c.dataset.name)).toEqual(["platform", "node:eu"]);
  expect(components[1]!.textContent).toContain("Relay host eu");
  expect(components[1]!.textContent).toContain("Down");
  expect(components[1]!.textContent).toContain("(not answering)");

  const bars = (c: HTMLElement) => Array.from(c.querySelectorAll<HTMLElement>("[data-testid=status-day]"));
  const platform = bars(components[0]!);
  const node = bars(components[1]!);
  expect(platform.length).toBe(90);
  expect(node.length).toBe(90);
  // oldest first, today last; a day without a check is grey and says so
  expect(platform[0]!.dataset.state).toBe("none");
  expect(platform[0]!.title).toBe("2026-08-30: no data");
  expect(platform[0]!.className).toContain("bg-muted");
  expect(platform[89]!.title).toBe("2026-11-27: degraded");
  expect(platform[89]!.className).toContain("bg-warning");
  expect(node[50]!.title).toBe("2026-10-19: down");
  expect(node[50]!.className).toContain("bg-destructive");
  expect(node[49]!.title).toBe("2026-10-18: operational");
  expect(node[49]!.className).toContain("bg-success");
  expect(node.filter((b) => b.dataset.state === "down").length).toBe(2);
  // public: asked without the session's token
  expect(asked).toEqual(["GET /status"]);
});

test("notes are text: markup in a title or body is shown as typed, never parsed; open notes come first", async () => {
  open([PAGE]);
  const notes = await screen.findAllByTestId("status-incident");
  expect(notes.length).toBe(2);
  const [first, second] = notes as [HTMLElement, HTMLElement];
  // the open note first though it is the older one
  expect(first.textContent).toContain("Investigating");
  expect(second.textContent).toContain("Slow sign-ins");
  expect(second.textContent).toContain("Resolved");
  expect(first.querySelector("h3")!.textContent).toBe("<b>EU host</b> down");
  expect(first.querySelector("p")!.textContent).toBe('<script>alert("x")</script>\n<img src=x onerror=alert(1)>');
  // nothing of it became an element
  expect(first.querySelector("script, b, img")).toBeNull();
  expect(document.querySelector("script")).toBeNull();
});

test("read again when the tab comes back into view, and shows the new state", async () => {
  const up: StatusPage = { ...PAGE, state: "up", incidents: [] };
  const asked = open([PAGE, up]);
  expect((await screen.findByTestId("status-headline")).dataset.state).toBe("degraded");
  setVisibility("hidden");
  setVisibility("visible");
  await waitFor(() => expect(screen.getByTestId("status-headline").dataset.state).toBe("up"));
  expect(asked.length).toBe(2);
  expect(screen.getByText("No incidents in the last 90 days.")).toBeTruthy();
});

test("read again every 30 s while in view, and not while hidden", async () => {
  jest.useFakeTimers();
  try {
    const asked = open([PAGE]);
    await waitFor(() => expect(asked.length).toBe(1));
    jest.advanceTimersByTime(REFRESH_MS);
    await waitFor(() => expect(asked.length).toBe(2));
    setVisibility("hidden");
    jest.advanceTimersByTime(3 * REFRESH_MS);
    await Promise.resolve();
    expect(asked.length).toBe(2);
  } finally {
    jest.useRealTimers();
  }
});
