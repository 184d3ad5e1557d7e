// The moderation page's Import control: the file goes as the body with the JSON-lines type and the session's token,
// the outcome reads "Imported N, skipped M" with the first problems, and an import that stopped part-way shows the
// error and what it imported before it.
import { afterEach, describe, expect, test } from "bun:test";
import { cleanup, fireEvent, render, screen, waitFor } from "@solidjs/testing-library";
import { createSignal } from "solid-js";
import { ImportButton, ImportOutcome } from "../src/components/community/ImportEvents";
import { configureApi } from "../src/lib/api";
import { type ImportResult, importEvents, importSummary } from "../src/lib/community";

afterEach(() => {
  cleanup();
  configureApi({ baseUrl: "", token: () => null, fetch: (i, init) => fetch(i, init) });
});

const RESULT: ImportResult = {
  imported: 5,
  invalid: 3,
  already_present: 0,
  refused: 1,
  duplicates: 1,
  lines: 10,
  skipped: 5,
  problems: [
    { line: 6, event_id: "a".repeat(64), message: "restricted: you cannot publish events on behalf of others" },
    { line: 7, event_id: "b".repeat(64), message: "The event's id or signature is not valid." },
    { line: 8, event_id: null, message: "The line is not valid JSON." },
    { line: 11, event_id: null, message: "The line is not a Nostr event." },
    { line: 12, event_id: null, message: "five" },
    { line: 13, event_id: null, message: "six" },
  ],
  problems_omitted: 2,
};

function fakeApi(answer: Response) {
  const sent: { url: string; method?: string; headers: Record<string, string>; body: string }[] = [];
  configureApi({
    baseUrl: "http://api.test",
    token: () => "tok",
    fetch: async (url, init) => {
      sent.push({
        url: String(url),
        method: init?.method,
        headers: init?.headers as Record<string, string>,
        body: (await (init?.body as Blob | undefined)?.text()) ?? "",
      });
      return answer.clone();
    },
  });
  return sent;
}

describe("importEvents", () => {
  test("posts the file as JSON lines with the session's token and returns the result", async () => {
    const sent = fakeApi(Response.json(RESULT));
    const file = new Blob(['{"id":"x"}\n'], { type: "application/x-ndjson" });
    expect(await importEvents("r 1", file)).toEqual(RESULT);
    expect(sent).toHaveLength(1);
    expect(sent[0].url).toBe("http://api.test/relays/r%201/import");
    expect(sent[0].method).toBe("POST");
    expect(sent[0].headers["Content-Type"]).toBe("application/x-ndjson");
    expect(sent[0].headers.Authorization).toBe("Bearer tok");
    expect(sent[0].body).toBe('{"id":"x"}\n');
  });

  test("an import stopped part-way is an error that keeps what was imported", async () => {
    fakeApi(
      Response.json(
        { error: "The file is larger than 100 bytes.", code: "too_large", field: null, result: RESULT },
        { status: 413 },
      ),
    );
    const e = await importEvents("r1", new Blob(["x"])).catch((x) => x);
    expect(e.status).toBe(413);
    expect(e.message).toBe("The file is larger than 100 bytes.");
    expect(e.body.result.imported).toBe(5);
  });
});

test("importSummary counts what was imported and why the rest were skipped", () => {
  expect(importSummary(RESULT)).toBe(
    "Imported 5, skipped 5 (1 refused by the relay, 3 invalid, 1 repeated in the file).",
  );
  expect(importSummary({ ...RESULT, imported: 0, already_present: 5, invalid: 0, refused: 0, duplicates: 0 })).toBe(
    "Imported 0, skipped 5 (5 already on the relay).",
  );
});

describe("the Import control", () => {
  test("shows the summary and the first five problems, counting the rest", () => {
    render(() => <ImportOutcome result={RESULT} />);
    expect(screen.getByTestId("import-summary").textContent).toBe(importSummary(RESULT));
    const items = screen.getByTestId("import-problems").querySelectorAll("li");
    expect(items).toHaveLength(5);
    expect(items[0].textContent).toContain("Line 6");
    expect(items[0].textContent).toContain("restricted: you cannot publish events on behalf of others");
    expect(screen.getByText("and 3 more.")).toBeTruthy(); // one listed but not shown, two omitted by the API
  });

  test("picking a file imports it and reports the outcome; a refusal shows the error and the partial result", async () => {
    fakeApi(
      Response.json({ error: "too many imports for this key", code: "rate_limited", field: null }, { status: 429 }),
    );
    const [outcome, setOutcome] = createSignal<{ r: ImportResult | null; e?: string } | null>(null);
    render(() => (
      <>
        <ImportButton relayId="r1" onResult={(r, e) => setOutcome({ r, e })} />
        {outcome() && <ImportOutcome result={outcome()?.r ?? null} error={outcome()?.e} />}
      </>
    ));
    const input = screen.getByTestId("import-file") as HTMLInputElement;
    const file = new File(['{"a":1}\n'], "relay-events.jsonl", { type: "application/x-ndjson" });
    Object.defineProperty(input, "files", { value: [file], configurable: true });
    fireEvent.change(input);
    await waitFor(() =>
      expect(screen.getByTestId("import-outcome").textContent).toContain("Too many imports for this key."),
    );
    expect(outcome()?.r).toBeNull();

    fakeApi(Response.json(RESULT));
    fireEvent.change(input);
    await waitFor(() => expect(screen.getByTestId("import-summary").textContent).toBe(importSummary(RESULT)));
  });
});
