// One table for the admin pages and the reports: the columns are data (a header, how a row's cell reads, and the
// classes of both), so a page says only what it shows and every table keeps one look. PagedTable pages one through
// the API's cursors.
import { For, type JSX, Show } from "solid-js";
import { cn } from "~/lib/utils";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "./ui/table";

export interface Column<T> {
  header: JSX.Element;
  /** A column of figures: right-aligned, with digits of one width so that they line up. */
  figures?: boolean;
  /** Classes of the header cell (alignment, the breakpoint from which the column shows). */
  headClass?: string;
  /** Classes of each body cell; usually the header's plus the cell's own look. */
  cellClass?: string;
  cell: (row: T) => JSX.Element;
}

export function DataTable<T>(props: {
  columns: Column<T>[];
  rows: T[];
  /** The table's accessible name. */
  label?: string;
  testId?: string;
  /** Each row's test id: one for all, or one a row. */
  rowTestId?: string | ((row: T) => string);
  /** Given: shown instead of the table when there are no rows (without it an empty table shows its header). */
  empty?: JSX.Element;
}) {
  const rowTestId = (row: T) => (typeof props.rowTestId === "function" ? props.rowTestId(row) : props.rowTestId);
  return (
    <Show when={props.empty === undefined || props.rows.length > 0} fallback={props.empty}>
      <Table aria-label={props.label} data-testid={props.testId}>
        <TableHeader>
          <TableRow class="hover:bg-transparent">
            <For each={props.columns}>
              {(c) => <TableHead class={cn(c.figures && "text-right", c.headClass)}>{c.header}</TableHead>}
            </For>
          </TableRow>
        </TableHeader>
        <TableBody>
          <For each={props.rows}>
            {(row) => (
              <TableRow data-testid={rowTestId(row)}>
                <For each={props.columns}>
                  {(c) => (
                    <TableCell class={cn(c.figures && "text-right tabular-nums", c.cellClass)}>{c.cell(row)}</TableCell>
                  )}
                </For>
              </TableRow>
            )}
          </For>
        </TableBody>
      </Table>
    </Show>
  );
}
