package caravel.automod;

import caravel.domain.Actor;
import caravel.domain.Epoch;
import caravel.jobs.JobRunner;
import caravel.relayaccess.OutcomeLog;
import caravel.store.Relay;
import caravel.watch.WatchedEvents;
import java.time.Clock;

/**
 * A relay's automatic moderation: its rules as the owner sets them (each off by default, said in plain words), the
 * engine the watch hands every accepted event to, and the removals it makes. See docs/automatic-moderation.md.
 */
public record AutomaticRules(AutomodStore store, Removals removals, RuleEngine engine, OutcomeLog outcomes, Clock clock)
        implements AutoCloseable {

    /** What the watch is given: every new event of the watched relays. */
    public WatchedEvents listener() {
        return engine;
    }

    public void register(JobRunner runner) {
        runner.register(Removals.JOB, removals);
    }

    public void start() {
        engine.start();
    }

    public RuleSettings settings(Relay r) {
        return store.settings(r.id());
    }

    /** Checks and saves the relay's rules; they apply to the next event the relay accepts. */
    public RuleSettings save(Relay r, RuleSettings given, Actor actor) {
        RuleSettings s = given.validate();
        long now = Epoch.seconds(clock);
        store.jdbi().useTransaction(h -> {
            store.save(h, r.id(), s, clock.millis(), actor);
            outcomes.record(h, r, "automod_rules", "Automatic rules set: " + s.onOff(), actor, now);
        });
        engine.changed(r.id());
        return s;
    }

    /**
     * The team let a removed event back (NIP-86 {@code allowevent}, then the same signed event published again): the
     * rules never remove it again. Call before publishing it. False when no rule had removed it.
     */
    public boolean restored(String relayId, String eventId) {
        return removals.restored(relayId, eventId);
    }

    /** Something the rules depend on besides themselves changed (the relay's team, its owner). */
    public void rulesChanged(String relayId) {
        engine.changed(relayId);
    }

    @Override
    public void close() {
        engine.close();
        removals.close();
    }
}
