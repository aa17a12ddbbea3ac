package io.hydra.bench;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The bench module's packages depend on each other in one direction (the command line on the
 * harness), like every other module's (hydra-web's ModuleRulesTest checks those).
 */
class BenchPackagesTest {

  @Test
  void noPackageCycles() {
    JavaClasses bench =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.hydra.bench");
    slices().matching("io.hydra.(**)").should().beFreeOfCycles().check(bench);
  }
}
