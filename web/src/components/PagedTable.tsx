// The admin lists' shared table: loading rows, an empty state, one page of items in a card and the pager under it.
// Each list only says what its columns show (DataTable), so the lists keep one layout and one loading, empty and
// error behaviour.
import { type JSX, type Resource, Show } from "solid-js";
import type { PageStep } from "~/lib/paging";
import type { PageCursors, PageInfo } from "~/lib/types";
import { Card } from "./ui/card";
import { type Column, DataTable } from "./DataTable";
import { Async, LoadingRows } from "./states";
import { Pagination } from "./RelayList";

export type { Column } from "./DataTable";

export function PagedTable<T>(props: {
  resource: Resource<PageInfo & Partial<PageCursors> & { items: T[] }>;
  refetch: () => void;
  /** The table's accessible name. */
  label: string;
  columns: Column<T>[];
  /** Shown instead of the table when the page has no items. */
  empty: JSX.Element;
  rowTestId?: string;
  onPage: (page: number) => void;
  /** Given: Previous and Next follow the page's cursors (see Pagination), shown as page `number`. */
  onStep?: (step: PageStep) => void;
  number?: number | null;
}) {
  return (
    <Async resource={props.resource} refetch={props.refetch} loading={<LoadingRows rows={5} />}>
      {(page) => (
        <Show when={page().items.length > 0} fallback={props.empty}>
          <Card class="py-0">
            <DataTable label={props.label} columns={props.columns} rows={page().items} rowTestId={props.rowTestId} />
          </Card>
          <Pagination page={page()} onPage={props.onPage} onStep={props.onStep} number={props.number} />
        </Show>
      )}
    </Async>
  );
}
