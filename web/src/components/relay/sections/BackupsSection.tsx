// The relay's backups (/relays/:id/backups): how often they are taken, the list (date, size, what each holds) with a
// download for each, "take one now", an archive upload to restore from, and restores with a preview first and their
// progress while they run. What the words and numbers say is decided in lib/backups.ts.
import { createSignal, For, onCleanup, Show } from "solid-js";
import { toast } from "solid-sonner";
import { errorMessage } from "~/lib/api";
import {
  backupSummary,
  backups,
  previewLines,
  type RelayBackup,
  type RestoreMode,
  type RestorePreview,
  reasonLabel,
  restoreLine,
  restorePercent,
  type Schedule,
  takeUnderWay,
  underWay,
} from "~/lib/backups";
import { formatBytes, formatDateTime, timeAgo } from "~/lib/format";
import { saveStreamed } from "../../DownloadButton";
import { DatabaseBackup, Download, Upload } from "../../icons";
import { Async, EmptyState, ErrorState } from "../../states";
import { Button } from "../../ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "../../ui/card";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "../../ui/dialog";
import { Select } from "../../ui/select";
import { Skeleton } from "../../ui/skeleton";
import { TextField } from "../../ui/text-field";
import { useRelayPage } from "../page-context";
import { createQuery, refresh } from "~/lib/queries/read";
import { relayQueries } from "~/lib/queries/relay";
import { relayWrites } from "~/lib/queries/relay-writes";
import { useWrite } from "~/lib/queries/write";

const SCHEDULES = [
  { value: "daily", label: "Every day" },
  { value: "weekly", label: "Every week" },
  { value: "off", label: "Off" },
];

/** Saves a finished backup's archive where the person picks. */
function download(relayId: string, subdomain: string, b: RelayBackup) {
  return saveStreamed(`${subdomain}-backup-${b.id}.zip`, () => backups.download(relayId, b.id));
}

export default function BackupsSection() {
  const page = useRelayPage();
  const relay = () => page.relay();
  const [list, { mutate }] = createQuery(() => String(relay().id), relayQueries.backups);
  const refetch = () => void refresh(relayQueries.backups.key(relay().id));
  const takeBackup = useWrite(relayWrites.takeBackup);
  const upload = useWrite(relayWrites.uploadBackup);
  const setSchedule = useWrite(relayWrites.setBackupSchedule);
  const restore = useWrite(relayWrites.restoreBackup);
  const restoreIntoNew = useWrite(relayWrites.restoreIntoNew);
  // a backup or a restore under way: read again every two seconds until it ends
  const timer = setInterval(() => {
    const l = list.latest;
    if (l && underWay(l)) refetch();
  }, 2000);
  onCleanup(() => clearInterval(timer));

  const [busy, setBusy] = createSignal(false);
  // a backup queued or running: the button waits for it
  const taking = () => {
    const l = list.latest;
    return l !== undefined && takeUnderWay(l);
  };
  const [target, setTarget] = createSignal<RelayBackup | null>(null);
  const [mode, setMode] = createSignal<RestoreMode>("merge");
  const [preview, setPreview] = createSignal<RestorePreview | null>(null);
  const [newName, setNewName] = createSignal("");
  const [newSub, setNewSub] = createSignal("");

  const act = async (what: string, f: () => Promise<unknown>) => {
    setBusy(true);
    try {
      await f();
    } catch (e) {
      toast.error(`Couldn't ${what}: ${errorMessage(e)}`);
    } finally {
      setBusy(false);
    }
  };

  const openRestore = async (b: RelayBackup, m: RestoreMode = "merge") => {
    setTarget(b);
    setMode(m);
    setPreview(null);
    try {
      setPreview(await backups.preview(relay().id, b.id, m));
    } catch (e) {
      toast.error(`Couldn't preview: ${errorMessage(e)}`);
    }
  };

  return (
    <div class="grid grid-cols-1 gap-6">
      <Card data-testid="backups">
        <CardHeader>
          <CardTitle icon={DatabaseBackup}>Backups</CardTitle>
          <CardDescription>
            Events, media, settings, members, bans and names, checked after each backup. Your plan keeps the newest{" "}
            {list.latest?.kept ?? "…"}.
          </CardDescription>
        </CardHeader>
        <CardContent class="grid grid-cols-1 gap-4">
          <div class="flex flex-wrap items-end gap-3">
            <Select
              label="Schedule"
              options={SCHEDULES}
              value={list.latest?.schedule ?? "daily"}
              onChange={(v) =>
                act("change the schedule", async () => {
                  const s = await setSchedule(relay().id, v as Schedule);
                  const l = list.latest;
                  if (l) mutate({ ...l, schedule: s.schedule as Schedule, kept: s.kept });
                })
              }
              testId="backup-schedule"
            />
            <Button
              loading={busy() || taking()}
              onClick={() => {
                if (busy() || taking()) return; // a second click before the first is answered takes nothing
                act("take a backup", () => takeBackup(relay().id));
              }}
              data-testid="backup-now"
            >
              <DatabaseBackup /> {taking() ? "Backup under way" : "Take a backup now"}
            </Button>
            <label class="inline-flex">
              <input
                type="file"
                accept=".zip,application/zip"
                class="sr-only"
                data-testid="backup-upload"
                onChange={(e) => {
                  const file = e.currentTarget.files?.[0];
                  e.currentTarget.value = "";
                  if (file) act("upload the archive", () => upload(relay().id, file));
                }}
              />
              <span class="inline-flex cursor-pointer items-center gap-2 rounded-md border px-3 py-2 text-sm">
                <Upload class="size-4" /> Upload an archive to restore
              </span>
            </label>
          </div>
          <Async
            resource={list}
            refetch={refetch}
            loading={<Skeleton class="h-24 w-full" />}
            error={(e, retry) => <ErrorState compact error={e} retry={retry} title="Couldn't load the backups" />}
          >
            {(l) => (
              <>
                {/* the newest restore, under way or ended: its result stays until another one starts */}
                <For each={l().restores.slice(0, 1)}>
                  {(r) => (
                    <div class="rounded-md border p-3 text-sm" data-testid="restore-progress" data-status={r.status}>
                      <div>
                        {restoreLine(r)}
                        <Show when={r.status === "done" || r.status === "failed"}>
                          <span class="text-muted-foreground" title={formatDateTime(r.updated_at)}>
                            {" "}
                            · {timeAgo(r.updated_at)}
                          </span>
                        </Show>
                      </div>
                      <Show when={(r.problems ?? []).length > 0}>
                        <ul class="mt-1 list-disc pl-5 text-xs text-muted-foreground" data-testid="restore-problems">
                          <For each={r.problems}>{(p) => <li>{p}</li>}</For>
                        </ul>
                      </Show>
                      <div class="mt-2 h-2 rounded bg-muted">
                        <div class="h-2 rounded bg-primary" style={{ width: `${restorePercent(r)}%` }} />
                      </div>
                    </div>
                  )}
                </For>
                <Show
                  when={l().items.length > 0}
                  fallback={<EmptyState class="py-8" icon={<DatabaseBackup />} title="No backups yet" />}
                >
                  <ul class="grid grid-cols-1 gap-3" aria-label="Backups">
                    <For each={l().items}>
                      {(b) => (
                        <li
                          class="flex flex-wrap items-center justify-between gap-2 rounded-md border p-3"
                          data-testid="backup-row"
                        >
                          <div class="grid gap-0.5 text-sm">
                            <div title={formatDateTime(b.created_at)}>
                              {reasonLabel(b.reason)} · {timeAgo(b.created_at)}
                              <Show when={b.status === "done"}> · {formatBytes(b.bytes)}</Show>
                            </div>
                            <div class="text-xs text-muted-foreground">
                              {b.status === "done"
                                ? backupSummary(b)
                                : b.status === "failed"
                                  ? `Failed: ${b.error ?? ""}`
                                  : b.error
                                    ? `Retrying: ${b.error}`
                                    : "In progress…"}
                            </div>
                          </div>
                          <Show when={b.status === "done"}>
                            <div class="flex gap-2">
                              <Button
                                variant="outline"
                                size="sm"
                                onClick={() =>
                                  download(String(relay().id), relay().subdomain, b).catch((e) =>
                                    toast.error(`Couldn't download: ${errorMessage(e)}`),
                                  )
                                }
                                data-testid="backup-download"
                              >
                                <Download /> Download
                              </Button>
                              <Button
                                variant="outline"
                                size="sm"
                                onClick={() => openRestore(b)}
                                data-testid="backup-restore"
                              >
                                Restore…
                              </Button>
                            </div>
                          </Show>
                        </li>
                      )}
                    </For>
                  </ul>
                </Show>
              </>
            )}
          </Async>
        </CardContent>
      </Card>

      <Dialog open={target() !== null} onOpenChange={(o) => !o && setTarget(null)}>
        <DialogContent testId="restore-dialog">
          <DialogHeader>
            <DialogTitle>Restore this backup</DialogTitle>
            <DialogDescription>
              Into this relay (merge only adds; replace also removes members, bans and names the backup does not hold),
              or into a new relay.
            </DialogDescription>
          </DialogHeader>
          <Select
            label="Into this relay"
            options={[
              { value: "merge", label: "Merge" },
              { value: "replace", label: "Replace" },
            ]}
            value={mode()}
            onChange={(v) => {
              const b = target();
              if (b) openRestore(b, v as RestoreMode);
            }}
            testId="restore-mode"
          />
          <Show when={preview()} fallback={<Skeleton class="h-16 w-full" />}>
            {(p) => (
              <div class="grid gap-1 text-sm" data-testid="restore-preview">
                <For each={previewLines(p())}>{(line) => <div>{line}</div>}</For>
                <For each={p().refusals}>{(r) => <div class="text-destructive">{r}</div>}</For>
              </div>
            )}
          </Show>
          <DialogFooter>
            <Button
              disabled={!preview() || (preview()?.refusals.length ?? 0) > 0}
              loading={busy()}
              onClick={() => {
                const b = target();
                if (!b) return;
                act("restore", () => restore(relay().id, b.id, mode())).then(() => setTarget(null));
              }}
              data-testid="restore-here"
            >
              Restore into this relay
            </Button>
          </DialogFooter>
          <div class="grid gap-2 border-t pt-3">
            <TextField label="New relay's name" value={newName()} onChange={setNewName} testId="restore-new-name" />
            <TextField label="Subdomain" value={newSub()} onChange={setNewSub} testId="restore-new-subdomain" />
            <Button
              variant="outline"
              loading={busy()}
              disabled={!newName() || !newSub()}
              onClick={() => {
                const b = target();
                if (!b) return;
                act("restore into a new relay", async () => {
                  const r = await restoreIntoNew(relay().id, b.id, {
                    name: newName(),
                    subdomain: newSub(),
                    plan: relay().plan,
                  });
                  toast.success("The new relay is being set up; its backup is restored once it is ready.");
                  setTarget(null);
                  location.assign(`${page.base}/${r.relay_id}/backups`);
                });
              }}
              data-testid="restore-new"
            >
              Restore into a new relay
            </Button>
          </div>
        </DialogContent>
      </Dialog>
    </div>
  );
}
