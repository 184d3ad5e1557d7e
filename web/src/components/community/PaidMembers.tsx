// The Members card's "Paying members" section (a relay whose admission is not free): who joined through the join
// page, their standing and what they paid, the revenue, and the list as CSV.
import { For, Show } from "solid-js";
import { toast } from "solid-sonner";
import { fetchCsv, fillPath } from "~/lib/api";
import { paidStatusLabel, type PaidMembers as PaidMemberList } from "~/lib/admission";
import { displayName } from "~/lib/community";
import { formatDate, formatNumber, formatSats } from "~/lib/format";
import { browserDownload, saveFile } from "~/lib/save-file";
import type { Relay } from "~/lib/types";
import { Zap } from "../icons";
import { Badge } from "../ui/badge";
import { DownloadButton } from "../DownloadButton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "../ui/table";

/**
 * Downloads the CSV with the session's token (a plain link would not carry it), through the API client's fetch. A
 * small file: it is collected and handed to the browser as a download, without a save dialog.
 */
export async function downloadPaidMembersCsv(relay: Relay, download = browserDownload) {
  const name = `${relay.subdomain}-paying-members.csv`;
  await saveFile(name, () => fetchCsv(fillPath("/relays/{id}/admission/members.csv", { id: relay.id })), {
    notify: (m) => toast.error(m),
    download,
  });
}

/** @param props.download how the file reaches the person (the browser's download; a test's stand-in) */
export function PaidMembers(props: {
  relay: Relay;
  list: PaidMemberList;
  download?: (blob: Blob, name: string) => void;
}) {
  return (
    <section class="grid min-w-0 grid-cols-1 gap-3" aria-label="Paying members" data-testid="paid-members">
      <div class="flex flex-wrap items-center justify-between gap-2">
        <h4 class="flex items-center gap-2 text-sm font-medium">
          <Zap class="size-4 text-muted-foreground" aria-hidden="true" /> Paying members
        </h4>
        <DownloadButton
          size="sm"
          disabled={props.list.items.length === 0}
          save={() => downloadPaidMembersCsv(props.relay, props.download)}
          testId="paid-members-csv"
        >
          Export CSV
        </DownloadButton>
      </div>
      <dl class="grid grid-cols-2 gap-3 sm:grid-cols-4" data-testid="paid-members-revenue">
        <Stat label="Paying" value={formatNumber(props.list.paying)} testId="paid-members-paying" />
        <Stat label="Lapsed" value={formatNumber(props.list.lapsed)} testId="paid-members-lapsed" />
        <Stat label="Revenue" value={formatSats(props.list.revenue_sats)} testId="paid-members-revenue-total" />
        <Stat label="Last 30 days" value={formatSats(props.list.revenue_30d_sats)} testId="paid-members-revenue-30d" />
      </dl>
      <Show
        when={props.list.items.length > 0}
        fallback={<p class="text-sm text-muted-foreground">Nobody has joined through the join page yet.</p>}
      >
        <div class="min-w-0 rounded-lg border">
          <Table aria-label="Paying members">
            <TableHeader>
              <TableRow>
                <TableHead>Member</TableHead>
                <TableHead>Status</TableHead>
                <TableHead>Mode</TableHead>
                <TableHead>Joined</TableHead>
                <TableHead>Paid until</TableHead>
                <TableHead class="text-right">Total paid</TableHead>
                <TableHead class="text-right">Payments</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              <For each={props.list.items}>
                {(m) => {
                  const badge = () => paidStatusLabel(m.status);
                  return (
                    <TableRow data-testid="paid-member-row" data-pubkey={m.pubkey}>
                      <TableCell class="min-w-32 max-w-48">
                        <div class="grid min-w-0">
                          <span class="truncate font-medium" title={m.npub}>
                            {displayName(m.name, m.npub)}
                          </span>
                          <Show when={m.name}>
                            <span class="truncate font-mono text-xs text-muted-foreground">{m.npub.slice(0, 16)}…</span>
                          </Show>
                        </div>
                      </TableCell>
                      <TableCell>
                        <Badge variant={badge().tone} data-testid="paid-member-status" data-status={m.status}>
                          {badge().label}
                        </Badge>
                      </TableCell>
                      <TableCell class="whitespace-nowrap">{m.mode === "once" ? "One-time" : "Monthly"}</TableCell>
                      <TableCell class="whitespace-nowrap">{formatDate(m.joined_at)}</TableCell>
                      <TableCell class="whitespace-nowrap">
                        {m.mode === "once" ? "—" : formatDate(m.paid_until)}
                      </TableCell>
                      <TableCell class="whitespace-nowrap text-right tabular-nums">
                        {formatSats(m.total_paid_sats)}
                      </TableCell>
                      <TableCell class="text-right tabular-nums">{formatNumber(m.payments)}</TableCell>
                    </TableRow>
                  );
                }}
              </For>
            </TableBody>
          </Table>
        </div>
      </Show>
    </section>
  );
}

function Stat(props: { label: string; value: string; testId: string }) {
  return (
    <div class="grid gap-0.5 rounded-lg bg-muted/50 p-3">
      <dt class="text-xs text-muted-foreground">{props.label}</dt>
      <dd class="font-semibold tabular-nums" data-testid={props.testId}>
        {props.value}
      </dd>
    </div>
  );
}
