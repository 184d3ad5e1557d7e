package caravel.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * The backend's main classes as ArchUnit sees them, imported once per test JVM for every architecture test: an import
 * reads every class file of the backend and the library classes they reach, seconds of CPU each time (43 s for one
 * class on a loaded machine when each test class imported its own). Read-only, so the tests can share it.
 */
final class MainClasses {
    private MainClasses() {}

    /** Imported on first use (a holder's static: the JVM makes it once, whichever test asks first). */
    static final JavaClasses ALL = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("caravel");
}
