// The three plans Caravel sells by default, as GET /plans serves them: the fixture tests share.
import type { Plan } from "../src/lib/types";

const sats = (id: string, name: string, price: number, max_members: number | null, paidFeatures: boolean): Plan => ({
  id,
  name,
  price_sats: price,
  max_members,
  blossom: paidFeatures,
  livekit: paidFeatures,
  currency: "SAT",
  price,
  hidden: false,
  names: true,
  custom_domain: paidFeatures,
});

export const SEED_PLANS: Plan[] = [
  sats("free", "Free", 0, 10, false),
  sats("basic", "Basic", 10_000, 100, true),
  sats("growth", "Growth", 50_000, null, true),
];
