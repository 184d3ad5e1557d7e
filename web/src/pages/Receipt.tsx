// "/receipts/:id" — a printable receipt of a paid invoice (GET /invoices/:id/receipt): a stable URL per invoice.
import { useParams } from "@solidjs/router";
import { For, Show } from "solid-js";
import { formatDate, formatDateTime, formatSats, planLabel } from "~/lib/format";
import { Async, LoadError } from "~/components/states";
import { Button } from "~/components/ui/button";
import { Skeleton } from "~/components/ui/skeleton";
import { createQuery, refresh } from "~/lib/queries/read";
import { tenantQueries } from "~/lib/queries/tenant";

export default function Receipt() {
  const params = useParams();
  const [receipt] = createQuery(() => params.id, tenantQueries.receipt);
  const refetch = () => refresh(tenantQueries.receipt.key);
  return (
    <Async
      resource={receipt}
      refetch={refetch}
      loading={<Skeleton class="h-96 w-full max-w-2xl rounded-xl" />}
      error={(e, retry) => (
        <LoadError error={e} retry={retry} what="receipt" back={{ href: "/account", label: "Back to account" }} />
      )}
    >
      {(r) => (
        <article
          class="mx-auto grid w-full max-w-2xl gap-6 rounded-xl border bg-background p-6 print:border-0 print:p-0"
          data-testid="receipt"
        >
          <header class="flex items-start justify-between gap-4">
            <div>
              <h1 class="text-2xl font-semibold tracking-tight">Receipt</h1>
              <div class="text-sm text-muted-foreground">{r().platform}</div>
            </div>
            <Button variant="outline" class="print:hidden" onClick={() => window.print()} data-testid="print-receipt">
              Print
            </Button>
          </header>
          <dl class="grid grid-cols-[auto_minmax(0,1fr)] gap-x-6 gap-y-2 text-sm">
            <dt class="text-muted-foreground">Invoice</dt>
            <dd class="font-mono">{String(r().invoice)}</dd>
            <dt class="text-muted-foreground">Billed to</dt>
            <dd class="break-all font-mono text-xs" data-testid="receipt-npub">
              {r().npub}
            </dd>
            <dt class="text-muted-foreground">Paid</dt>
            <dd>{formatDateTime(r().paid_at)}</dd>
            <dt class="text-muted-foreground">Payment hash</dt>
            <dd class="break-all font-mono text-xs">{r().payment_hash ?? "paid from credit"}</dd>
          </dl>
          <table class="w-full text-sm">
            <thead>
              <tr class="border-b text-left text-muted-foreground">
                <th class="py-2 font-medium">Relay</th>
                <th class="py-2 font-medium">Period</th>
                <th class="py-2 text-right font-medium">Amount</th>
              </tr>
            </thead>
            <tbody>
              <For each={r().items}>
                {(i) => (
                  <tr class="border-b">
                    <td class="py-2">
                      {i.relay_name}
                      <Show when={i.plan}>
                        <span class="text-muted-foreground"> · {planLabel(i.plan!)}</span>
                      </Show>
                    </td>
                    <td class="py-2">
                      {formatDate(i.period_start)} – {formatDate(i.period_end)}
                    </td>
                    <td class="py-2 text-right tabular-nums">{formatSats(i.amount)}</td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
          <div class="grid justify-end gap-1 text-sm">
            <Show when={r().credit_applied > 0}>
              <div class="flex justify-between gap-8">
                <span class="text-muted-foreground">Paid from credit</span>
                <span class="tabular-nums">{formatSats(r().credit_applied)}</span>
              </div>
            </Show>
            <div class="flex justify-between gap-8 text-base font-semibold">
              <span>Total paid</span>
              <span class="tabular-nums" data-testid="receipt-total">
                {formatSats(r().amount_paid)}
              </span>
            </div>
          </div>
        </article>
      )}
    </Async>
  );
}
