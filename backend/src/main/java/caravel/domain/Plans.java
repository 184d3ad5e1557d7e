package caravel.domain;

import java.util.List;
import java.util.Optional;

/**
 * The operator's plan catalog, in the order they are offered (cheapest first is the convention, not a rule). Built
 * once from configuration and passed to whoever needs a plan: ids name plans in the database, so a catalog must keep
 * every id a relay still uses (hide a plan rather than remove it).
 */
public record Plans(List<Plan> all, PriceCurrency currency) {
    public Plans {
        all = List.copyOf(all);
        if (all.isEmpty()) throw new IllegalArgumentException("at least one plan is needed");
        if (all.stream().map(Plan::id).distinct().count() != all.size())
            throw new IllegalArgumentException("plan ids must be unique");
    }

    /** The three plans Caravel sold before plans were configurable, priced in sats: the default catalog. */
    public static Plans seed() {
        return new Plans(
                List.of(
                        Plan.builder("free", "Free", 0).maxMembers(10).build(),
                        Plan.builder("basic", "Basic", 10_000)
                                .maxMembers(100)
                                .blossom(true)
                                .livekit(true)
                                .build(),
                        Plan.builder("growth", "Growth", 50_000)
                                .blossom(true)
                                .livekit(true)
                                .build()),
                PriceCurrency.SATS);
    }

    public Optional<Plan> byId(String id) {
        return all.stream().filter(p -> p.id().equals(id)).findFirst();
    }

    /** A plan the database names: the catalog holds it (checked at start-up), so a miss is a bug, not bad input. */
    public Plan of(String id) {
        return byId(id).orElseThrow(() -> new IllegalStateException("plan " + id + " is not in the catalog"));
    }

    /** A plan's name for sentences people read; its id for a plan no longer in the catalog (it still names it). */
    public String nameOf(String id) {
        return byId(id).map(Plan::name).orElse(id);
    }

    /** What new relays and plan changes may choose. */
    public List<Plan> offered() {
        return all.stream().filter(p -> !p.hidden()).toList();
    }

    public List<Plan> paid() {
        return all.stream().filter(Plan::paid).toList();
    }

    /** The offered plans whose member allowance holds {@code count} members, in catalog order. */
    public List<Plan> holding(int count) {
        return offered().stream()
                .filter(p -> p.maxMembers() == null || p.maxMembers() >= count)
                .toList();
    }
}
