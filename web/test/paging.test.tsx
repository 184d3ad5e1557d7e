// Paging by cursor: the query sent for a URL holding a cursor, where Previous and Next lead, and the pager that
// follows cursors where the list gives them and page numbers elsewhere.
import { afterEach, describe, expect, test } from "bun:test";
import { cleanup, fireEvent, render, screen } from "@solidjs/testing-library";
import { Pagination } from "../src/components/RelayList";
import { cursorSteps, type PageStep, shownPage, withCursor } from "../src/lib/paging";

afterEach(cleanup);

describe("withCursor", () => {
  const query = { q: "garden", page: 3, per_page: 20 };

  test("a cursor in the URL replaces the page number (the backend refuses both)", () => {
    expect(withCursor(query, { after: "A1", before: "" })).toEqual({
      q: "garden",
      page: undefined,
      per_page: 20,
      after: "A1",
    });
    expect(withCursor(query, { after: "", before: "B1" })).toEqual({
      q: "garden",
      page: undefined,
      per_page: 20,
      before: "B1",
    });
  });

  test("without a cursor the query is the page number's", () => {
    expect(withCursor(query, { after: "", before: "" })).toEqual(query);
  });
});

describe("cursorSteps", () => {
  test("Next carries next_cursor and the next number; Previous prev_cursor and the one before", () => {
    expect(cursorSteps({ next_cursor: "n", prev_cursor: "p" }, 5)).toEqual({
      previous: { page: 4, before: "p" },
      next: { page: 6, after: "n" },
    });
  });

  test("back to the first page goes by number, and the ends have no step", () => {
    expect(cursorSteps({ next_cursor: null, prev_cursor: "p" }, 2)).toEqual({ previous: { page: 1 }, next: null });
    expect(cursorSteps({ next_cursor: "n", prev_cursor: null }, 1)).toEqual({
      previous: null,
      next: { page: 2, after: "n" },
    });
  });

  test("an unknown page number stays unknown", () => {
    expect(cursorSteps({ next_cursor: "n", prev_cursor: "p" }, null)).toEqual({
      previous: { page: undefined, before: "p" },
      next: { page: undefined, after: "n" },
    });
  });
});

describe("shownPage", () => {
  test("the URL's number, unknown for a cursor that came without one", () => {
    expect(shownPage({ page: 3, after: "", before: "" })).toBe(3);
    expect(shownPage({ page: 3, after: "c", before: "" })).toBe(3);
    expect(shownPage({ page: 1, after: "c", before: "" })).toBeNull();
    expect(shownPage({ page: 1, after: "", before: "c" })).toBeNull();
    expect(shownPage({ page: 1, after: "", before: "" })).toBe(1);
  });
});

describe("Pagination", () => {
  const info = { total: 200, per_page: 20, total_exact: true };

  test("follows the cursors of a page fetched by cursor, showing the number it is given", () => {
    const steps: PageStep[] = [];
    const pages: number[] = [];
    render(() => (
      <Pagination
        page={{ ...info, page: null, next_cursor: "n", prev_cursor: "p" }}
        onPage={(p) => pages.push(p)}
        onStep={(s) => steps.push(s)}
        number={4}
      />
    ));
    expect(screen.getByRole("navigation").textContent).toContain("Page 4 of 10");
    fireEvent.click(screen.getByRole("button", { name: /Next/ }));
    fireEvent.click(screen.getByRole("button", { name: /Previous/ }));
    expect(steps).toEqual([
      { page: 5, after: "n" },
      { page: 3, before: "p" },
    ]);
    expect(pages).toEqual([]);
  });

  test("the last page's Next is off, and an unknown number is not shown", () => {
    render(() => (
      <Pagination
        page={{ ...info, page: null, next_cursor: null, prev_cursor: "p" }}
        onPage={() => {}}
        onStep={() => {}}
        number={null}
      />
    ));
    expect(screen.getByRole("navigation").textContent).toContain("10 pages");
    expect(screen.getByRole("button", { name: /Next/ }).hasAttribute("disabled")).toBe(true);
    expect(screen.getByRole("button", { name: /Previous/ }).hasAttribute("disabled")).toBe(false);
  });

  test("without onStep it pages by number, cursors or not", () => {
    const pages: number[] = [];
    render(() => (
      <Pagination page={{ ...info, page: 3, next_cursor: "n", prev_cursor: "p" }} onPage={(p) => pages.push(p)} />
    ));
    expect(screen.getByRole("navigation").textContent).toContain("Page 3 of 10");
    fireEvent.click(screen.getByRole("button", { name: /Next/ }));
    fireEvent.click(screen.getByRole("button", { name: /Previous/ }));
    expect(pages).toEqual([4, 2]);
  });
});
