import { For, Show } from "solid-js";
import { formatDate, formatInvoiceAmount, invoiceFiat } from "~/lib/format";
import type { Invoice } from "~/lib/types";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "./ui/table";
import { Button } from "./ui/button";
import { InvoiceStatusBadge } from "./badges";
import { CreditCard, ExternalLink, Zap } from "./icons";

/** The relays an invoice is for, each once. */
function relayNames(inv: Invoice): string {
  return (
    inv.items
      .map((i) => i.relay_name)
      .filter((n, idx, all) => all.indexOf(n) === idx)
      .join(", ") || "—"
  );
}

/**
 * A card invoice of nothing, paid (the trial a switch from Lightning started with, recorded before such invoices were
 * left out): it charged no one and names no relay, so a "$0.00 Paid" row would only claim a payment that never was.
 */
export function chargedNothing(inv: Invoice): boolean {
  return inv.rail === "card" && inv.amount === 0 && inv.status === "paid";
}

export function InvoiceTable(props: { invoices: Invoice[]; onPay?: (invoice: Invoice) => void }) {
  // card invoices are paid by Stripe (retries, or its hosted page); Lightning ones here
  const payable = (i: Invoice) => i.rail !== "card" && (i.status === "pending" || i.status === "expired");
  return (
    <Table aria-label="Invoices">
      <TableHeader>
        <TableRow class="hover:bg-transparent">
          <TableHead class="hidden sm:table-cell">Date</TableHead>
          <TableHead class="hidden md:table-cell">Relays</TableHead>
          <TableHead class="text-right">Amount</TableHead>
          <TableHead>Status</TableHead>
          <TableHead class="hidden sm:table-cell">Due / paid</TableHead>
          <TableHead class="text-right">
            <span class="sr-only">Actions</span>
          </TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        <For each={props.invoices.filter((i) => !chargedNothing(i))}>
          {(inv) => (
            <TableRow data-testid="invoice-row">
              <TableCell class="hidden whitespace-nowrap sm:table-cell">{formatDate(inv.created_at)}</TableCell>
              <TableCell class="hidden max-w-64 truncate text-muted-foreground md:table-cell">
                <Show when={inv.rail === "card"} fallback={relayNames(inv)}>
                  <span class="inline-flex items-center gap-1">
                    <CreditCard class="size-3.5" /> Card
                    {inv.period_start && inv.period_end
                      ? ` · ${formatDate(inv.period_start)} – ${formatDate(inv.period_end)}`
                      : ""}
                  </span>
                </Show>
              </TableCell>
              <TableCell class="text-right whitespace-nowrap tabular-nums">
                <span data-testid="invoice-amount">{formatInvoiceAmount(inv)}</span>
                <Show when={invoiceFiat(inv.fiat)}>
                  {(text) => (
                    <div class="text-xs text-muted-foreground" data-testid="invoice-fiat">
                      {text()}
                    </div>
                  )}
                </Show>
                <div class="text-xs text-muted-foreground sm:hidden">{formatDate(inv.created_at)}</div>
                {/* below md the Relays column is hidden: what the invoice is for stays readable under its amount */}
                <div class="ml-auto max-w-36 truncate text-xs text-muted-foreground md:hidden">
                  {inv.rail === "card" ? "Card" : relayNames(inv)}
                </div>
              </TableCell>
              <TableCell>
                <InvoiceStatusBadge status={inv.status} />
                <Show when={inv.card?.payment_error && inv.status === "pending"}>
                  <div class="text-xs text-destructive">{inv.card!.payment_error}</div>
                </Show>
              </TableCell>
              <TableCell class="hidden whitespace-nowrap text-muted-foreground sm:table-cell">
                {inv.status === "paid" ? formatDate(inv.paid_at) : formatDate(inv.due_at)}
              </TableCell>
              <TableCell class="text-right">
                <Show when={props.onPay && payable(inv)}>
                  <Button size="sm" onClick={() => props.onPay!(inv)} data-testid="pay-invoice">
                    <Zap /> Pay
                  </Button>
                </Show>
                <Show when={inv.rail === "card" && inv.card?.hosted_invoice_url}>
                  <a
                    href={inv.card!.hosted_invoice_url!}
                    target="_blank"
                    rel="noopener noreferrer"
                    class="inline-flex items-center gap-1 text-sm underline-offset-4 hover:underline"
                    data-testid="invoice-stripe-link"
                  >
                    Stripe invoice <ExternalLink class="size-3.5" />
                  </a>
                </Show>
                <Show when={inv.status === "paid" && inv.rail !== "card"}>
                  <a
                    href={`/receipts/${encodeURIComponent(String(inv.id))}`}
                    class="text-sm underline-offset-4 hover:underline"
                    data-testid="invoice-receipt"
                  >
                    Receipt
                  </a>
                </Show>
              </TableCell>
            </TableRow>
          )}
        </For>
      </TableBody>
    </Table>
  );
}
