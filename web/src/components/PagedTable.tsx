// The admin lists' shared table: loading rows, an empty state, one page of items in a card and the pager under it.
// Each list only says what its columns show, so the lists keep one layout and one loading, empty and error behaviour.
import { For, type JSX, type Resource, Show } from "solid-js";
import type { PageStep } from "~/lib/paging";
import type { PageCursors, PageInfo } from "~/lib/types";
import { Card } from "./ui/card";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "./ui/table";
import { Async, LoadingRows } from "./states";
import { Pagination } from "./RelayList";

export interface Column<T> {
  header: JSX.Element;
  /** Classes of the header cell (alignment, the breakpoint from which the column shows). */
  headClass?: string;
  /** Classes of each body cell; usually the header's plus the cell's own look. */
  cellClass?: string;
  cell: (item: T) => JSX.Element;
}

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
            <Table aria-label={props.label}>
              <TableHeader>
                <TableRow class="hover:bg-transparent">
                  <For each={props.columns}>{(c) => <TableHead class={c.headClass}>{c.header}</TableHead>}</For>
                </TableRow>
              </TableHeader>
              <TableBody>
                <For each={page().items}>
                  {(item) => (
                    <TableRow data-testid={props.rowTestId}>
                      <For each={props.columns}>{(c) => <TableCell class={c.cellClass}>{c.cell(item)}</TableCell>}</For>
                    </TableRow>
                  )}
                </For>
              </TableBody>
            </Table>
          </Card>
          <Pagination page={page()} onPage={props.onPage} onStep={props.onStep} number={props.number} />
        </Show>
      )}
    </Async>
  );
}
