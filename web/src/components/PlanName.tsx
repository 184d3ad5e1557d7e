// A plan named as the operator named it: plans are the operator's catalog, so a relay's plan id is looked up (GET
// /plans, or GET /plans/{id} for a hidden plan) rather than turned into a label here.
import type { Accessor } from "solid-js";
import { plan as planById } from "~/lib/queries/public";
import { createQuery } from "~/lib/queries/read";
import { planLabel } from "~/lib/format";
import type { Plan } from "~/lib/types";

/**
 * The plan with this id, undefined while it loads or when the API does not know it. Read only once loaded, so a
 * page does not suspend on it (see useBitcoinPrice).
 */
export function usePlan(id: Accessor<string | null | undefined>): Accessor<Plan | undefined> {
  const [plan] = createQuery(id, (i) => planById(i).catch(() => null));
  return () => (plan.state === "ready" ? (plan() ?? undefined) : undefined);
}

/** The plan's name, its id capitalized until (or unless) the plan is known. */
export function PlanName(props: { id: string }) {
  const plan = usePlan(() => props.id);
  return <>{plan()?.name ?? planLabel(props.id)}</>;
}
