package caravel.domains;

import static caravel.relayparts.Declaration.part;
import static caravel.relayparts.Declared.does;
import static caravel.relayparts.Declared.nothing;

import caravel.relayparts.Declaration;
import caravel.relayparts.DeclaredPart;
import org.jdbi.v3.core.Jdbi;

/**
 * A relay's custom domain as a relay part, with its old domains' redirects ({@code domain_redirects}, whose relay
 * column is named {@code relay}).
 */
public final class DomainsPart extends DeclaredPart {
    /** @param jdbi the database whose rows of a relay a purge removes */
    public DomainsPart(Jdbi jdbi) {
        super(declaration(new DomainStore(jdbi)));
    }

    private static Declaration declaration(DomainStore store) {
        return part("domains", "relay_domains", "domain_redirects")
                .backup(nothing("a custom domain is proven by DNS for one relay: a restore never moves it to another"
                        + " relay, and the relay keeps its own"))
                .move(nothing("the proxy's routes follow the relay to its new node (community's move callback"
                        + " reconciles them)"))
                .transferred(nothing("the domain stays with the relay: its DNS points at the relay, whoever owns it"))
                .suspended(
                        nothing(
                                "a stopped relay's domain is not served (domains.DomainStore asks whether the relay is served)"))
                .deleted(nothing("a deleted relay's domain is not served; an undo serves it again"))
                .undeleted(nothing("the domain stayed through the deletion and is served again"))
                .purged(does(
                        "the custom domain and the redirects of the relay's old domains are removed for good: a purged"
                                + " relay is never served, and a redirect would point at its subdomain, free again for"
                                + " anyone",
                        (h, e) -> store.removeRelay(h, e.relay().id())))
                .erased(nothing("the custom domain is the owner's setting; it names no member"));
    }
}
