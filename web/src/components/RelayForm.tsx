// The relay form of /relays/new and the edit pages: name, subdomain (suggested from the name,
// checked live with the API's rules and for availability), icon URL with preview, description, plan.
import { createEffect, createMemo, createSignal, Match, on, onCleanup, Show, Switch, type JSX } from "solid-js";
import { ApiError, errorMessage } from "~/lib/api";
import { slugify, subdomainError } from "~/lib/subdomain";
import { sentence } from "~/lib/format";
import {
  descriptionError,
  iconError,
  MAX_DESCRIPTION,
  nameError,
  planError,
  validateRelayForm,
  type RelayFormErrors,
  type RelayFormValues,
} from "~/lib/validation";
import type { Config, Plan, PlanId, SubdomainCheck } from "~/lib/types";
import { TextField } from "./ui/text-field";
import { Button } from "./ui/button";
import { PlanPicker } from "./plans";
import { RelayAvatar } from "./RelayAvatar";
import { FreeQuotaHint } from "./FreeQuotaHint";
import { CircleCheck, CircleX, Info, Loader, TriangleAlert } from "./icons";

export type Availability =
  | { state: "idle" }
  | { state: "checking" }
  | { state: "available" }
  | { state: "taken"; message: string }
  | { state: "unknown"; message: string };

export interface RelayFormProps {
  mode: "create" | "edit";
  config: Pick<Config, "relay_domain" | "reserved_subdomains">;
  plans: Plan[];
  initial?: Partial<RelayFormValues>;
  /** GET /subdomains/:subdomain */
  checkSubdomain: (subdomain: string, signal: AbortSignal) => Promise<SubdomainCheck>;
  onSubmit: (values: RelayFormValues) => Promise<void>;
  submitLabel: string;
  cancel?: JSX.Element;
  /**
   * Creating: how many free relays the account may still hold, asked when a free plan is chosen and shown beside the
   * button (FreeQuotaHint); throws the quota's refusal when none is left.
   */
  freeQuota?: (plan: string) => Promise<number | null>;
  /** Milliseconds to wait after typing before asking the API. */
  debounceMs?: number;
}

const FIELDS = ["subdomain", "name", "icon", "description", "plan"] as const;

/**
 * The form field an API error is about: the error body's `field` when it names one of this form's inputs (the form's
 * keys are the request's JSON property names). Null for errors about no field, or a field this form has no input for
 * (tenant): those are shown above the form.
 */
export function serverErrorField(err: ApiError): keyof RelayFormValues | null {
  return FIELDS.find((f) => f === err.field) ?? null;
}

export function RelayForm(props: RelayFormProps) {
  const init = props.initial ?? {};
  const [values, setValues] = createSignal<RelayFormValues>({
    name: init.name ?? "",
    subdomain: init.subdomain ?? "",
    icon: init.icon ?? "",
    description: init.description ?? "",
    plan: init.plan ?? "",
  });
  const [subdomainEdited, setSubdomainEdited] = createSignal(props.mode === "edit" || !!init.subdomain);
  const [touched, setTouched] = createSignal<Partial<Record<keyof RelayFormValues, boolean>>>({});
  const [submitted, setSubmitted] = createSignal(false);
  const [serverErrors, setServerErrors] = createSignal<RelayFormErrors>({});
  const [formError, setFormError] = createSignal<string | null>(null);
  let formErrorEl: HTMLDivElement | undefined;
  const [availability, setAvailability] = createSignal<Availability>({ state: "idle" });
  const [busy, setBusy] = createSignal(false);

  const reserved = () => props.config.reserved_subdomains;
  const set = <K extends keyof RelayFormValues>(k: K, v: RelayFormValues[K]) => {
    setValues((old) => ({ ...old, [k]: v }));
    setServerErrors((e) => ({ ...e, [k]: undefined }));
    setFormError(null);
  };
  const touch = (k: keyof RelayFormValues) => setTouched((t) => ({ ...t, [k]: true }));
  const show = (k: keyof RelayFormValues) => submitted() || !!touched()[k];

  const unchangedSubdomain = () => props.mode === "edit" && values().subdomain === (init.subdomain ?? "");

  const onName = (name: string) => {
    set("name", name);
    if (!subdomainEdited()) set("subdomain", slugify(name));
  };
  const onSubdomain = (raw: string) => {
    setSubdomainEdited(true);
    set("subdomain", raw.trim().toLowerCase());
  };

  // Live availability check, debounced, cancelling the previous request.
  let controller: AbortController | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const subdomain = createMemo(() => values().subdomain);
  createEffect(
    on(subdomain, (sub) => {
      controller?.abort();
      clearTimeout(timer);
      if (!sub || subdomainError(sub, reserved()) || unchangedSubdomain()) {
        setAvailability({ state: "idle" });
        return;
      }
      setAvailability({ state: "checking" });
      timer = setTimeout(async () => {
        controller = new AbortController();
        const c = controller;
        try {
          const r = await props.checkSubdomain(sub, c.signal);
          if (c.signal.aborted || values().subdomain !== sub) return;
          setAvailability(
            r.available
              ? { state: "available" }
              : { state: "taken", message: r.error ? sentence(r.error) : `${sub} is already taken.` },
          );
        } catch (e) {
          if (c.signal.aborted || (e as Error)?.name === "AbortError") return;
          setAvailability({ state: "unknown", message: `Couldn't check availability: ${errorMessage(e)}` });
        }
      }, props.debounceMs ?? 350);
    }),
  );
  onCleanup(() => {
    controller?.abort();
    clearTimeout(timer);
  });

  const localErrors = () => validateRelayForm(values(), reserved());
  const errorFor = (k: keyof RelayFormValues): string | null => {
    const server = serverErrors()[k];
    if (server) return server;
    if (k === "subdomain") {
      const v = values().subdomain;
      const local = v || show("subdomain") ? subdomainError(v, reserved()) : null;
      if (local) return local;
      const a = availability();
      if (a.state === "taken") return a.message;
      return null;
    }
    if (!show(k)) return null;
    switch (k) {
      case "name":
        return nameError(values().name);
      case "icon":
        return iconError(values().icon);
      case "description":
        return descriptionError(values().description);
      case "plan":
        return planError(values().plan);
    }
    return null;
  };

  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    setSubmitted(true);
    setFormError(null);
    const errs = localErrors();
    const first = (Object.keys(errs) as (keyof RelayFormValues)[])[0];
    if (first || availability().state === "taken") {
      const el = document.querySelector<HTMLElement>(
        `[data-field="${first ?? "subdomain"}"] input, [data-field="${first ?? "subdomain"}"] textarea`,
      );
      el?.focus();
      return;
    }
    setBusy(true);
    try {
      const v = values();
      await props.onSubmit({ ...v, name: v.name.trim(), icon: v.icon.trim(), description: v.description.trim() });
    } catch (err) {
      const field = err instanceof ApiError ? serverErrorField(err) : null;
      if (field) {
        const message = (err as ApiError).message;
        setServerErrors({ [field]: message });
        if (field === "subdomain" && (err as ApiError).status === 409) setAvailability({ state: "taken", message });
        // Bring the field with the message into view (the submit button is far below it).
        queueMicrotask(() => {
          const el =
            document.querySelector<HTMLElement>(`[data-field="${field}"] input, [data-field="${field}"] textarea`) ??
            document.querySelector<HTMLElement>(`[data-field="${field}"]`);
          el?.scrollIntoView?.({ block: "center" });
          el?.focus?.({ preventScroll: true });
        });
      } else {
        setFormError(errorMessage(err));
        // the message sits above the form, often out of view of the button that was pressed: bring it to the eye
        queueMicrotask(() => formErrorEl?.scrollIntoView?.({ block: "center", behavior: "smooth" }));
      }
    } finally {
      setBusy(false);
    }
  };

  const descLength = () => [...values().description].length;
  const iconPreview = () => (values().icon.trim() && !iconError(values().icon) ? values().icon.trim() : null);

  return (
    <form
      class="grid grid-cols-1 gap-8"
      onSubmit={submit}
      novalidate
      aria-label={props.mode === "create" ? "New relay" : "Edit relay"}
    >
      <Show when={formError()}>
        <div
          ref={formErrorEl}
          role="alert"
          class="flex items-start gap-3 rounded-lg border border-destructive/40 bg-destructive/5 p-3 text-sm text-destructive"
        >
          <TriangleAlert class="mt-0.5 size-4 shrink-0" />
          <span data-testid="form-error">{formError()}</span>
        </div>
      </Show>

      <section class="grid grid-cols-1 gap-5">
        <div data-field="name">
          <TextField
            label="Relay name"
            value={values().name}
            onChange={onName}
            onBlur={() => touch("name")}
            error={errorFor("name")}
            placeholder="Bitcoin Builders"
            required
            maxLength={64}
            testId="relay-name"
          />
        </div>

        <div data-field="subdomain" class="grid grid-cols-1 gap-2">
          <TextField
            label="Subdomain"
            value={values().subdomain}
            onChange={onSubdomain}
            onBlur={() => touch("subdomain")}
            error={errorFor("subdomain")}
            placeholder="bitcoin-builders"
            required
            spellcheck={false}
            autocomplete="off"
            testId="relay-subdomain"
            inputClass="font-mono"
            description={<>Lowercase letters, digits and hyphens; 3–63 characters, starting with a letter.</>}
          />
          <div
            class="flex min-h-5 flex-wrap items-center gap-x-3 gap-y-1 text-sm"
            aria-live="polite"
            data-testid="subdomain-status"
          >
            <span class="font-mono text-muted-foreground break-all" data-testid="relay-host-preview">
              {values().subdomain || "your-relay"}.{props.config.relay_domain}
            </span>
            <Switch>
              <Match when={availability().state === "checking"}>
                <span class="inline-flex items-center gap-1 text-muted-foreground">
                  <Loader class="size-3.5 animate-spin" /> Checking…
                </span>
              </Match>
              <Match when={availability().state === "available"}>
                <span class="inline-flex items-center gap-1 font-medium text-success">
                  <CircleCheck class="size-3.5" /> Available
                </span>
              </Match>
              <Match when={availability().state === "taken"}>
                <span class="inline-flex items-center gap-1 text-destructive">
                  <CircleX class="size-3.5" /> Taken
                </span>
              </Match>
              <Match when={availability().state === "unknown"}>
                <span class="inline-flex items-center gap-1 text-muted-foreground">
                  <Info class="size-3.5" /> {(availability() as { message: string }).message}
                </span>
              </Match>
            </Switch>
          </div>
          <Show when={props.mode === "edit" && !unchangedSubdomain()}>
            <p class="flex items-start gap-2 rounded-lg border border-warning/40 bg-warning/10 p-3 text-sm">
              <TriangleAlert class="mt-0.5 size-4 shrink-0 text-warning" />
              Changing the subdomain changes your relay's address. Members and apps using the old address will need the
              new one.
            </p>
          </Show>
        </div>

        <div data-field="icon" class="flex items-start gap-4">
          <TextField
            class="flex-1"
            label="Icon URL"
            labelAside={<span class="text-xs text-muted-foreground">Optional</span>}
            value={values().icon}
            onChange={(v) => set("icon", v)}
            onBlur={() => touch("icon")}
            error={errorFor("icon")}
            placeholder="https://example.com/icon.png"
            type="url"
            testId="relay-icon"
            description="A square image shown in apps that list your relay."
          />
          <div class="mt-6 grid grid-cols-1 justify-items-center gap-1" data-testid="icon-preview">
            <RelayAvatar name={values().name || "?"} icon={iconPreview()} class="size-12 rounded-xl" />
            <span class="text-[0.7rem] text-muted-foreground">Preview</span>
          </div>
        </div>

        <div data-field="description">
          <TextField
            label="Description"
            labelAside={
              <span
                class={descLength() > MAX_DESCRIPTION ? "text-xs text-destructive" : "text-xs text-muted-foreground"}
              >
                {descLength()}/{MAX_DESCRIPTION}
              </span>
            }
            value={values().description}
            onChange={(v) => set("description", v)}
            onBlur={() => touch("description")}
            error={errorFor("description")}
            placeholder="What is your community about?"
            multiline
            rows={3}
            testId="relay-description"
          />
        </div>
      </section>

      <section data-field="plan">
        <PlanPicker
          plans={props.plans}
          value={values().plan}
          onChange={(p: PlanId) => set("plan", p)}
          error={errorFor("plan")}
          current={props.mode === "edit" ? (init.plan as PlanId | undefined) : undefined}
        />
      </section>

      <div class="flex flex-col-reverse gap-2 border-t pt-6 sm:flex-row sm:items-center sm:justify-end">
        <Show when={props.freeQuota && props.plans.find((p) => p.id === values().plan)?.price === 0}>
          <div class="order-last sm:order-none sm:mr-auto">
            <FreeQuotaHint plan={values().plan} quota={props.freeQuota!} />
          </div>
        </Show>
        {props.cancel}
        <Button type="submit" size="lg" loading={busy()} data-testid="relay-submit">
          {props.submitLabel}
        </Button>
      </div>
    </form>
  );
}
