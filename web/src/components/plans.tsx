// The plan comparison, from GET /plans: cards that line up as a table on wide screens,
// stack on phones, and act as a radio group when a plan is being chosen.
import * as RadioGroup from "@kobalte/core/radio-group";
import { For, Show, type JSX } from "solid-js";
import { cn } from "~/lib/utils";
import { formatNumber, planPrice } from "~/lib/format";
import type { Plan, PlanId } from "~/lib/types";
import { useBitcoinPrice } from "./FiatHint";
import { Check, X } from "./icons";
import { Badge } from "./ui/badge";

export function planFeatures(p: Plan): [string, boolean][] {
  return [
    [p.max_members === null ? "Unlimited members" : `Up to ${formatNumber(p.max_members)} members`, true],
    ["Private groups & chat", true],
    ["Your own subdomain", true],
    ["Media uploads (Blossom)", p.blossom],
    ["Audio & video calls (LiveKit)", p.livekit],
  ];
}

/** A plan's monthly price in its own currency, with the hint in the other unit (see planPrice). */
export function PlanPrice(props: { plan: Plan }) {
  const rate = useBitcoinPrice();
  const price = () => planPrice(props.plan, rate());
  return (
    <div class="flex flex-wrap items-baseline gap-x-1" data-testid="plan-price">
      <span class="text-3xl font-semibold tracking-tight">{price().amount}</span>
      <span class="text-sm text-muted-foreground">{price().unit ? `${price().unit} / month` : "/ month"}</span>
      <Show when={price().hint}>
        <span
          class="basis-full text-sm text-muted-foreground"
          title={
            props.plan.currency === "SAT"
              ? "At the platform's current bitcoin price; you pay in sats. By card, Stripe charges the plan's card price, which can differ."
              : "What Lightning charges at today's bitcoin price. By card, Stripe charges the plan's card price, which can differ."
          }
        >
          {price().hint}
        </span>
      </Show>
    </div>
  );
}

/**
 * The plan the cards single out: the cheapest paid one, when there is a choice of paid plans. The catalog is the
 * operator's and carries no such flag, so it is derived (the default catalog's Basic).
 */
export function featuredPlan(plans: readonly Plan[]): PlanId | null {
  const paid = plans.filter((p) => p.price > 0);
  if (paid.length < 2) return null;
  return paid.reduce((a, b) => (b.price < a.price ? b : a)).id;
}

function FeatureList(props: { plan: Plan }) {
  return (
    <ul class="grid grid-cols-1 gap-2.5 text-sm">
      <For each={planFeatures(props.plan)}>
        {([label, on]) => (
          <li class={cn("flex items-center gap-2", !on && "text-muted-foreground")}>
            <Show when={on} fallback={<X class="size-4 shrink-0 opacity-60" aria-label="Not included" />}>
              <Check class="size-4 shrink-0 text-success" aria-label="Included" />
            </Show>
            <span class={cn(!on && "line-through decoration-muted-foreground/40")}>{label}</span>
          </li>
        )}
      </For>
    </ul>
  );
}

function PlanHead(props: { plan: Plan; featured: boolean }) {
  return (
    <div class="grid grid-cols-1 gap-3">
      <div class="flex items-center justify-between gap-2">
        <span class="text-base font-semibold">{props.plan.name}</span>
        <Show when={props.featured}>
          <Badge variant="brand">Popular</Badge>
        </Show>
      </div>
      <PlanPrice plan={props.plan} />
    </div>
  );
}

/** Read-only pricing cards (marketing page). */
export function PricingCards(props: { plans: Plan[]; action?: (plan: Plan) => JSX.Element }) {
  const featured = () => featuredPlan(props.plans);
  return (
    <div class="grid grid-cols-1 gap-4 md:grid-cols-3" data-testid="pricing">
      <For each={props.plans}>
        {(plan) => (
          <div
            class={cn(
              "flex flex-col gap-6 rounded-xl border bg-card p-6 shadow-xs",
              plan.id === featured() && "border-brand/50 ring-1 ring-brand/30",
            )}
            data-testid={`plan-${plan.id}`}
          >
            <PlanHead plan={plan} featured={plan.id === featured()} />
            <FeatureList plan={plan} />
            <Show when={props.action}>
              <div class="mt-auto">{props.action!(plan)}</div>
            </Show>
          </div>
        )}
      </For>
    </div>
  );
}

/** The plan chooser of the relay forms: a radio group of plan cards. */
export function PlanPicker(props: {
  plans: Plan[];
  value: PlanId | "";
  onChange: (plan: PlanId) => void;
  error?: string | null;
  current?: PlanId;
}) {
  const featured = () => featuredPlan(props.plans);
  const rate = useBitcoinPrice();
  return (
    <RadioGroup.Root
      value={props.value}
      onChange={(v) => props.onChange(v as PlanId)}
      validationState={props.error ? "invalid" : "valid"}
      class="grid grid-cols-1 gap-3"
    >
      <RadioGroup.Label class="text-sm font-medium">Plan</RadioGroup.Label>
      <div class="grid grid-cols-1 gap-3 md:grid-cols-3">
        <For each={props.plans}>
          {(plan) => (
            <RadioGroup.Item
              value={plan.id}
              class={cn(
                "group relative flex flex-col gap-5 rounded-xl border bg-card p-5 shadow-xs transition-colors hover:border-foreground/20",
                "data-[checked]:border-primary data-[checked]:ring-1 data-[checked]:ring-primary",
              )}
              data-testid={`plan-option-${plan.id}`}
            >
              <RadioGroup.ItemInput class="peer" />
              <RadioGroup.ItemLabel class="absolute inset-0 cursor-pointer rounded-xl peer-focus-visible:ring-[3px] peer-focus-visible:ring-ring/50">
                <span class="sr-only">
                  {plan.name}, {plan.price > 0 ? `${planPrice(plan, rate()).text} per month` : "free"}
                </span>
              </RadioGroup.ItemLabel>
              <div class="flex items-start gap-3">
                <RadioGroup.ItemControl class="mt-0.5 flex size-4 shrink-0 items-center justify-center rounded-full border border-input shadow-xs data-[checked]:border-primary">
                  <RadioGroup.ItemIndicator class="size-2 rounded-full bg-primary" />
                </RadioGroup.ItemControl>
                <div class="grid grid-cols-1 flex-1 gap-3">
                  <div class="flex items-center justify-between gap-2">
                    <span class="font-semibold">{plan.name}</span>
                    <Show
                      when={props.current === plan.id}
                      fallback={
                        <Show when={plan.id === featured()}>
                          <Badge variant="brand">Popular</Badge>
                        </Show>
                      }
                    >
                      <Badge variant="secondary">Current</Badge>
                    </Show>
                  </div>
                  <PlanPrice plan={plan} />
                </div>
              </div>
              <FeatureList plan={plan} />
            </RadioGroup.Item>
          )}
        </For>
      </div>
      <RadioGroup.ErrorMessage class="text-[0.8rem] font-medium text-destructive">
        {props.error}
      </RadioGroup.ErrorMessage>
    </RadioGroup.Root>
  );
}
