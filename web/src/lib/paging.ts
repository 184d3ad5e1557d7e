// Paging by cursor on the lists that answer cursors (GET /relays, /tenants): Previous and Next send the page's
// prev_cursor / next_cursor instead of a page number, so a page deep in the list costs what the first one costs. The
// URL keeps the cursor beside a page number that is only shown (the backend does not count where a cursor page sits),
// so a link still opens the same page.
import type { PageCursors } from "./types";

/** Where a step leads: the page number to show (absent when unknown) and the cursor that fetches it. */
export interface PageStep {
  page?: number;
  after?: string;
  before?: string;
}

/** A list query asking for the page after or before the URL's cursor, in place of its page number. */
export function withCursor<Q extends { page?: number }>(
  query: Q,
  at: { after: string; before: string },
): Omit<Q, "page"> & { page?: number; after?: string; before?: string } {
  if (at.after) return { ...query, page: undefined, after: at.after };
  if (at.before) return { ...query, page: undefined, before: at.before };
  return query;
}

/**
 * Where Previous and Next lead from a page shown as number `shown` (null: not known, e.g. a link holding a cursor
 * only); null where the list ends. The first page is asked for by number: it costs the same, and its link is the
 * list's own.
 */
export function cursorSteps(
  cursors: PageCursors,
  shown: number | null,
): { previous: PageStep | null; next: PageStep | null } {
  const previous: PageStep | null =
    cursors.prev_cursor === null
      ? null
      : shown !== null && shown <= 2
        ? { page: 1 }
        : { page: shown === null ? undefined : shown - 1, before: cursors.prev_cursor };
  const next: PageStep | null =
    cursors.next_cursor === null ? null : { page: shown === null ? undefined : shown + 1, after: cursors.next_cursor };
  return { previous, next };
}

/** The page number a list page shows: the URL's, or null for a cursor without one (a link made by hand). */
export function shownPage(at: { page: number; after: string; before: string }): number | null {
  return at.after || at.before ? (at.page > 1 ? at.page : null) : at.page;
}
