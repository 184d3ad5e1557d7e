import { For, Show } from "solid-js";
import { formatDate, formatSats } from "~/lib/format";
import type { Invoice } from "~/lib/types";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "./ui/table";
import { Button } from "./ui/button";
import { InvoiceStatusBadge } from "./common";
import { Zap } from "./icons";

export function InvoiceTable(props: { invoices: Invoice[]; onPay?: (invoice: Invoice) => void }) {
  const payable = (i: Invoice) => i.status === "pending" || i.status === "expired";
  return (
    <Table aria-label="Invoices">
      <TableHeader>
        <TableRow class="hover:bg-transparent">
          <TableHead class="hidden sm:table-cell">Date</TableHead>
          <TableHead class="hidden md:table-cell">Relays</TableHead>
          <TableHead class="text-right">Amount</TableHead>
          <TableHead>Status</TableHead>
          <TableHead class="hidden sm:table-cell">Due / paid</TableHead>
          <Show when={props.onPay}><TableHead class="text-right"><span class="sr-only">Actions</span></TableHead></Show>
        </TableRow>
      </TableHeader>
      <TableBody>
        <For each={props.invoices}>
          {(inv) => (
            <TableRow data-testid="invoice-row">
              <TableCell class="hidden whitespace-nowrap sm:table-cell">{formatDate(inv.created_at)}</TableCell>
              <TableCell class="hidden max-w-64 truncate text-muted-foreground md:table-cell">
                {inv.items.map((i) => i.relay_name).filter((n, idx, all) => all.indexOf(n) === idx).join(", ") || "—"}
              </TableCell>
              <TableCell class="text-right whitespace-nowrap tabular-nums">
                {formatSats(inv.amount)}
                <div class="text-xs text-muted-foreground sm:hidden">{formatDate(inv.created_at)}</div>
              </TableCell>
              <TableCell><InvoiceStatusBadge status={inv.status} /></TableCell>
              <TableCell class="hidden whitespace-nowrap text-muted-foreground sm:table-cell">
                {inv.status === "paid" ? formatDate(inv.paid_at) : formatDate(inv.due_at)}
              </TableCell>
              <Show when={props.onPay}>
                <TableCell class="text-right">
                  <Show when={payable(inv)}>
                    <Button size="sm" onClick={() => props.onPay!(inv)} data-testid="pay-invoice"><Zap /> Pay</Button>
                  </Show>
                  <Show when={inv.status === "paid"}>
                    <a href={`/receipts/${encodeURIComponent(String(inv.id))}`} class="text-sm underline-offset-4 hover:underline" data-testid="invoice-receipt">Receipt</a>
                  </Show>
                </TableCell>
              </Show>
            </TableRow>
          )}
        </For>
      </TableBody>
    </Table>
  );
}
