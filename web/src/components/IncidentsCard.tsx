// The admin's incident notes on the public status page (docs/status-page.md): the notes the page shows now (open ones
// first, then the recently resolved), a form to post one, and the same form to update or resolve one. A refusal about
// a field is shown under that field; anything else is a toast.
import { createResource, createSignal, For, Show } from "solid-js";
import { toast } from "solid-sonner";
import { ApiError, errorMessage } from "~/lib/api";
import { createField } from "~/lib/field";
import { formatDateTime } from "~/lib/format";
import {
  INCIDENT_STATES,
  type IncidentState,
  incidentStateLabel,
  orderIncidents,
  type StatusIncident,
  status,
} from "~/lib/status";
import { Badge } from "./ui/badge";
import { Button } from "./ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "./ui/card";
import { Select } from "./ui/select";
import { TextField } from "./ui/text-field";

/** The limits the API holds a note to (PlatformStatus), said before sending. */
const TITLE_MAX = 120;
const BODY_MAX = 4000;

export function IncidentsCard() {
  const [page, { refetch }] = createResource(() => status.read());
  // an errored resource throws when read: the notes are read only once there are some
  const loaded = () => (page.state === "ready" || page.state === "refreshing" ? page.latest : undefined);
  const notes = () => orderIncidents(loaded()?.incidents ?? []);
  const title = createField();
  const body = createField();
  const [state, setState] = createSignal<IncidentState>("investigating");
  const [stateError, setStateError] = createSignal<string | null>(null);
  /** The note being updated, or null when the form posts a new one. */
  const [editing, setEditing] = createSignal<StatusIncident | null>(null);
  const [saving, setSaving] = createSignal(false);

  const reset = () => {
    setEditing(null);
    title.edit("");
    body.edit("");
    setState("investigating");
    setStateError(null);
  };
  const edit = (i: StatusIncident) => {
    setEditing(i);
    title.edit(i.title);
    body.edit(i.body);
    setState(i.state);
    setStateError(null);
  };

  const save = async (e: Event) => {
    e.preventDefault();
    const t = title.value().trim();
    if (!t) return title.setError("An incident needs a title.");
    if (t.length > TITLE_MAX) return title.setError(`The title is longer than ${TITLE_MAX} characters.`);
    if (body.value().length > BODY_MAX) return body.setError(`The text is longer than ${BODY_MAX} characters.`);
    const note = { title: t, body: body.value(), state: state() };
    const was = editing();
    setSaving(true);
    try {
      const saved = was ? await status.update(was.id, note) : await status.post(note);
      toast.success(
        saved.state === "resolved" ? `"${saved.title}" is resolved.` : `"${saved.title}" is on the status page.`,
      );
      reset();
      void refetch();
    } catch (err) {
      if (err instanceof ApiError && err.field === "title") title.setError(err.message);
      else if (err instanceof ApiError && err.field === "body") body.setError(err.message);
      else if (err instanceof ApiError && err.field === "state") setStateError(err.message);
      else toast.error(`Couldn't save the note: ${errorMessage(err)}`);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Card data-testid="incidents-card">
      <CardHeader>
        <CardTitle>Incidents</CardTitle>
        <CardDescription>
          Notes on the public <a href="/status">status page</a>, shown to anyone as typed.
        </CardDescription>
      </CardHeader>
      <CardContent class="grid gap-6">
        <Show when={page.state === "errored"}>
          <p class="text-sm text-destructive">Couldn't load the notes: {errorMessage(page.error)}</p>
        </Show>
        <Show when={notes().length > 0}>
          <ul class="grid gap-2">
            <For each={notes()}>
              {(i) => (
                <li
                  class="flex flex-wrap items-center justify-between gap-2 rounded-md border p-3"
                  data-testid="incident-row"
                >
                  <div class="grid gap-1">
                    <span class="font-medium">{i.title}</span>
                    <span class="text-xs text-muted-foreground">Updated {formatDateTime(i.updated_at)}</span>
                  </div>
                  <div class="flex items-center gap-2">
                    <Badge variant={i.resolved_at === null ? "warning" : "success"}>
                      {incidentStateLabel(i.state)}
                    </Badge>
                    <Button variant="outline" size="sm" onClick={() => edit(i)}>
                      Edit
                    </Button>
                  </div>
                </li>
              )}
            </For>
          </ul>
        </Show>
        <form class="grid gap-4" onSubmit={save} data-testid="incident-form" noValidate>
          <TextField
            label="Title"
            name="title"
            value={title.value()}
            onChange={title.edit}
            error={title.error()}
            maxLength={TITLE_MAX}
            required
          />
          <TextField
            label="What is happening"
            name="body"
            value={body.value()}
            onChange={body.edit}
            error={body.error()}
            multiline
            rows={4}
          />
          <div class="grid gap-2">
            <span class="text-sm font-medium leading-none">State</span>
            <Select
              label="State"
              options={INCIDENT_STATES}
              value={state()}
              onChange={(v) => {
                setState(v as IncidentState);
                setStateError(null);
              }}
              testId="incident-state"
            />
            <Show when={stateError()}>
              <p class="text-sm text-destructive" data-testid="incident-state-error">
                {stateError()}
              </p>
            </Show>
          </div>
          <div class="flex gap-2">
            <Button type="submit" disabled={saving()}>
              {editing() ? "Update note" : "Post note"}
            </Button>
            <Show when={editing()}>
              <Button type="button" variant="ghost" onClick={reset}>
                Cancel
              </Button>
            </Show>
          </div>
        </form>
      </CardContent>
    </Card>
  );
}
