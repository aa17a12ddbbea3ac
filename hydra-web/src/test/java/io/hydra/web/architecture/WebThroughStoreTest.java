package io.hydra.web.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The web module reads and writes the database only through hydra-store's repositories and hears
 * changes only through its one {@code ChangeChannel}: no SQL, JDBC, pool or driver of its own
 * (issue 21).
 */
class WebThroughStoreTest {

  private static final JavaClasses WEB =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .withImportOption(location -> !location.contains("-tests.jar"))
          .importPackages("io.hydra.web");

  @Test
  void webUsesNoJdbiJdbcOrDriver() {
    noClasses()
        .that()
        .resideInAPackage("io.hydra.web..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.jdbi..", "java.sql..", "javax.sql..", "org.postgresql..", "com.zaxxer.hikari..")
        .because("queries live in hydra-store's repositories, one per concern (issue 21)")
        .check(WEB);
  }
}
