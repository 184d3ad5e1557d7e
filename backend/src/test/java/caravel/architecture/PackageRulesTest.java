package caravel.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import caravel.invoice.InvoiceLedger;
import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.Test;

/**
 * The package rules of ARCHITECTURE.md, checked on the compiled classes: HTTP on top, then the services, then the
 * integrations and stores, then the foundations; a layer may use only layers below it, and no two packages depend
 * on each other (directly or around a loop); SQL runs only in the classes that own tables.
 */
class PackageRulesTest {
    /** The service packages (the rules of the product); which of them may use which is in ServiceArrowsTest. */
    static final List<String> SERVICES = List.of(
            "accounts",
            "billing",
            "stripe",
            "community",
            "relayaccess",
            "names",
            "bans",
            "members",
            "watch",
            "moderation",
            "archive",
            "moves",
            "domains",
            "relays",
            "robot",
            "live",
            "auth",
            "admission",
            "money",
            "insight",
            "backups",
            "team",
            "automod",
            "erasure",
            "tokens",
            "status",
            "webhooks");

    static final JavaClasses MAIN = MainClasses.ALL;

    @Test
    void layersOnlyPointDown() {
        layeredArchitecture()
                .consideringOnlyDependenciesInLayers()
                .layer("Wiring")
                .definedBy("caravel")
                .layer("Adapters")
                .definedBy("caravel.api..", "caravel.flotilla..")
                .layer("Http")
                .definedBy("caravel.http..")
                .layer("Services")
                .definedBy(SERVICES.stream().map(p -> "caravel." + p + "..").toArray(String[]::new))
                .layer("Integrations")
                .definedBy(
                        "caravel.zooid..",
                        "caravel.jobs..",
                        "caravel.store..",
                        "caravel.invoice..",
                        "caravel.relayparts..")
                .layer("Foundations")
                .definedBy(
                        "caravel.domain..",
                        "caravel.nostr..",
                        "caravel.json..",
                        "caravel.net..",
                        "caravel.crypto..",
                        "caravel.config..",
                        "caravel.logging..")
                .whereLayer("Wiring")
                .mayNotBeAccessedByAnyLayer()
                .whereLayer("Adapters")
                .mayOnlyBeAccessedByLayers("Wiring")
                .whereLayer("Http")
                .mayOnlyBeAccessedByLayers("Wiring", "Adapters")
                .whereLayer("Services")
                .mayOnlyBeAccessedByLayers("Wiring", "Adapters", "Http", "Services")
                .whereLayer("Integrations")
                .mayOnlyBeAccessedByLayers("Wiring", "Adapters", "Http", "Services", "Integrations")
                .check(MAIN);
    }

    /**
     * Nothing below the HTTP layer knows about HTTP: services, stores and foundations take and return plain values
     * and {@code domain.Failure}; only {@code api}, {@code flotilla}, the plumbing they share ({@code http}) and the
     * wiring touch the server's types.
     */
    @Test
    void noHttpServerTypesBelowTheHttpLayer() {
        noClasses()
                .that()
                .resideOutsideOfPackages("caravel", "caravel.api..", "caravel.flotilla..", "caravel.http..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.javalin..", "org.eclipse.jetty..", "jakarta.servlet..", "javax.servlet..")
                .check(MAIN);
    }

    /**
     * The two adapters stand side by side: neither uses the other; what both need (rate limits, bodies, metrics, the
     * status of a refusal) is in {@code caravel.http} beneath them.
     */
    @Test
    void theAdaptersStandSideBySide() {
        noClasses()
                .that()
                .resideInAPackage("caravel.api..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("caravel.flotilla..")
                .check(MAIN);
        noClasses()
                .that()
                .resideInAPackage("caravel.flotilla..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("caravel.api..")
                .check(MAIN);
    }

    /**
     * Routes reach zooid only through the services: a relay's members come from {@code community.Members} (which
     * waits for the allowance check), its health, the nodes' use and where media goes from {@code relays.Hosting}. What
     * zooid's answers are made of (records and enums: a health, an address, a node's use) may be rendered as it is;
     * zooid's clients and helpers may not be called.
     */
    @Test
    void routesReachZooidOnlyThroughServices() {
        noClasses()
                .that()
                .resideInAnyPackage("caravel.api..", "caravel.flotilla..", "caravel.http..")
                .should()
                .dependOnClassesThat(
                        new DescribedPredicate<JavaClass>("are zooid's clients or helpers (not its values)") {
                            @Override
                            public boolean test(JavaClass c) {
                                return c.getPackageName().startsWith("caravel.zooid") && !c.isRecord() && !c.isEnum();
                            }
                        })
                .check(MAIN);
    }

    /** The classes that own tables: every SQL statement is in one of them (one owner per table). */
    static final Set<String> TABLE_OWNERS = Set.of(
            "ActivityLog", "JobQueue", "Sessions", "ReplayCache", "RelaySearch", "Filters", "Database", "ListTotals");

    @Test
    void onlyTableOwnersRunSql() {
        Set<String> sql = Set.of("createQuery", "createUpdate", "createScript", "prepareBatch", "execute", "select");
        noClasses()
                .that(new DescribedPredicate<JavaClass>("are not table owners") {
                    @Override
                    public boolean test(JavaClass c) {
                        String top = c.getName().replaceAll("\\$.*", "");
                        String simple = top.substring(top.lastIndexOf('.') + 1);
                        return !simple.endsWith("Store") && !TABLE_OWNERS.contains(simple);
                    }
                })
                .should()
                .callMethodWhere(new DescribedPredicate<JavaMethodCall>("SQL through a JDBI Handle") {
                    @Override
                    public boolean test(JavaMethodCall call) {
                        return call.getTargetOwner().isAssignableTo(Handle.class) && sql.contains(call.getName());
                    }
                })
                .check(MAIN);
    }

    /** A new package must be given a layer here, or the layer rule would silently ignore it. */
    @Test
    void everyPackageHasALayer() {
        Set<String> layered = Set.of(
                "caravel",
                "caravel.api",
                "caravel.flotilla",
                "caravel.http",
                "caravel.accounts",
                "caravel.billing",
                "caravel.stripe",
                "caravel.community",
                "caravel.relayaccess",
                "caravel.names",
                "caravel.bans",
                "caravel.members",
                "caravel.watch",
                "caravel.status",
                "caravel.moderation",
                "caravel.archive",
                "caravel.moves",
                "caravel.domains",
                "caravel.erasure",
                "caravel.admission",
                "caravel.money",
                "caravel.insight",
                "caravel.backups",
                "caravel.team",
                "caravel.automod",
                "caravel.tokens",
                "caravel.webhooks",
                "caravel.relays",
                "caravel.robot",
                "caravel.live",
                "caravel.auth",
                "caravel.zooid",
                "caravel.jobs",
                "caravel.store",
                "caravel.invoice",
                "caravel.relayparts",
                "caravel.domain",
                "caravel.nostr",
                "caravel.json",
                "caravel.net",
                "caravel.crypto",
                "caravel.config",
                "caravel.logging");
        Set<String> packages = new TreeSet<>();
        MAIN.forEach(c -> packages.add(c.getPackageName()));
        assertThat(packages).isNotEmpty().allMatch(layered::contains, "is one of the layered packages");
    }

    /**
     * An invoice moves from pending only through the shared lifecycle: the ledger's compare-and-set (each invoice
     * table's owner store implements it) is called from {@code caravel.invoice} alone, so no domain settles, expires
     * or cancels an invoice its own way.
     */
    @Test
    void invoicesMoveOnlyThroughTheSharedLifecycle() {
        noClasses()
                .that()
                .resideOutsideOfPackage("caravel.invoice..")
                .should()
                .callMethodWhere(new DescribedPredicate<JavaMethodCall>("an invoice ledger's compare-and-set") {
                    @Override
                    public boolean test(JavaMethodCall call) {
                        // (a store's own calls are the compiler's bridge methods for the generic interface)
                        return call.getTargetOwner().isAssignableTo(InvoiceLedger.class)
                                && !call.getOriginOwner().equals(call.getTargetOwner())
                                && Set.of("markPaid", "close").contains(call.getName());
                    }
                })
                .check(MAIN);
    }

    @Test
    void noPackageCycles() {
        slices().matching("caravel.(*)..").should().beFreeOfCycles().check(MAIN);
    }
}
