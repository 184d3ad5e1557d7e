package caravel.architecture;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The package rules of ARCHITECTURE.md, checked on the compiled classes: HTTP on top, then the services, then the
 * integrations and stores, then the foundations; a layer may use only layers below it, and no two packages depend
 * on each other (directly or around a loop).
 */
class PackageRulesTest {
    static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("caravel");

    @Test void layersOnlyPointDown() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("Wiring").definedBy("caravel")
                .layer("Http").definedBy("caravel.api..")
                .layer("Services").definedBy("caravel.billing..", "caravel.stripe..", "caravel.community..", "caravel.relays..",
                        "caravel.robot..", "caravel.live..", "caravel.auth..")
                .layer("Integrations").definedBy("caravel.zooid..", "caravel.jobs..", "caravel.store..")
                .layer("Foundations").definedBy("caravel.domain..", "caravel.nostr..", "caravel.net..", "caravel.crypto..",
                        "caravel.config..", "caravel.logging..")
                .whereLayer("Wiring").mayNotBeAccessedByAnyLayer()
                .whereLayer("Http").mayOnlyBeAccessedByLayers("Wiring")
                .whereLayer("Services").mayOnlyBeAccessedByLayers("Wiring", "Http", "Services")
                .whereLayer("Integrations").mayOnlyBeAccessedByLayers("Wiring", "Http", "Services", "Integrations")
                .check(MAIN);
    }

    @Test void noPackageCycles() {
        slices().matching("caravel.(*)..").should().beFreeOfCycles().check(MAIN);
    }
}
