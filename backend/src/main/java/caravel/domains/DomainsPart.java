package caravel.domains;

import caravel.relayparts.BackupSection;
import caravel.relayparts.Declared;
import caravel.relayparts.Lifecycle;
import caravel.relayparts.Move;
import caravel.relayparts.RelayPart;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;

/**
 * A relay's custom domain as a relay part. A purge also removes its old domains' redirects ({@code domain_redirects},
 * whose relay column is named {@code relay}, so {@link #tables()} does not list it).
 */
public final class DomainsPart implements RelayPart {
    private final DomainStore store;

    /** @param jdbi the database whose rows of a relay a purge removes */
    public DomainsPart(Jdbi jdbi) {
        this.store = new DomainStore(jdbi);
    }

    @Override
    public String name() {
        return "domains";
    }

    @Override
    public Set<String> tables() {
        return Set.of("relay_domains", "domain_redirects");
    }

    @Override
    public Declared<BackupSection> backup() {
        return Declared.nothing(
                "a custom domain is proven by DNS for one relay: a restore never moves it to another relay, and the relay keeps its own");
    }

    @Override
    public Declared<Move> move() {
        return Declared.nothing(
                "the proxy's routes follow the relay to its new node (community's move callback reconciles them)");
    }

    @Override
    public Declared<Lifecycle.Reaction> on(Lifecycle event) {
        return switch (event) {
            case TRANSFERRED ->
                Declared.nothing("the domain stays with the relay: its DNS points at the relay, whoever owns it");
            case SUSPENDED ->
                Declared.nothing(
                        "a stopped relay's domain is not served (domains.DomainStore asks whether the relay is served)");
            case DELETED -> Declared.nothing("a deleted relay's domain is not served; an undo serves it again");
            case UNDELETED -> Declared.nothing("the domain stayed through the deletion and is served again");
            case PURGED ->
                Declared.does(
                        "the custom domain and the redirects of the relay's old domains are removed for good: a purged"
                                + " relay is never served, and a redirect would point at its subdomain, free again for"
                                + " anyone",
                        (h, e) -> store.removeRelay(h, e.relay().id()));
        };
    }
}
