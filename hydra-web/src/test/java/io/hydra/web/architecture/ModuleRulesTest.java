package io.hydra.web.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.equivalentTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import java.net.URI;
import java.util.Timer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The layering the modules promise, checked on every build (issue 21). Core is pure: it decides,
 * and the modules above it do the I/O, the threads and the clock. The store knows no engine or
 * HTTP, the engine knows no HTTP, and within every module the packages depend on each other in one
 * direction only, so each can be read without the ones that use it.
 */
class ModuleRulesTest {

  private static final JavaClasses MAIN =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .withImportOption(location -> !location.contains("-tests.jar"))
          .importPackages("io.hydra");

  @Test
  void coreDoesNoIo() {
    noClasses()
        .that()
        .resideInAPackage("io.hydra.core..")
        .should()
        .dependOnClassesThat(
            resideInAnyPackage(
                    "java.io..",
                    "java.nio.file..",
                    "java.nio.channels..",
                    "java.net..",
                    "java.sql..",
                    "javax.sql..")
                // A URI is a value; opening it would be the I/O.
                .and(not(equivalentTo(URI.class))))
        .because("hydra-core decides; reading and writing is the store's and the launchers' job")
        .check(MAIN);
  }

  /** Thread-safe values (atomics, concurrent maps) are fine; running work elsewhere is not. */
  @Test
  void coreStartsNoThreads() {
    noClasses()
        .that()
        .resideInAPackage("io.hydra.core..")
        .should()
        .dependOnClassesThat(
            assignableTo(Thread.class)
                .or(assignableTo(Executor.class))
                .or(assignableTo(CompletableFuture.class))
                .or(assignableTo(Timer.class)))
        .orShould()
        .callMethod(Thread.class, "sleep", long.class)
        .because("hydra-core runs on its caller's thread, so it can be driven step by step")
        .check(MAIN);
  }

  /** Time comes in as an argument or through {@code io.hydra.core.time.Clock}, which tests set. */
  @Test
  void coreReadsNoClock() {
    noClasses()
        .that()
        .resideInAPackage("io.hydra.core..")
        .and()
        .doNotHaveFullyQualifiedName("io.hydra.core.time.Clock")
        .should()
        .callMethod(System.class, "currentTimeMillis")
        .orShould()
        .callMethod(System.class, "nanoTime")
        .orShould()
        .callMethod(java.time.Instant.class, "now")
        .orShould()
        .callMethod(java.time.LocalDate.class, "now")
        .orShould()
        .callMethod(java.time.LocalDateTime.class, "now")
        .orShould()
        .callMethod(java.time.ZonedDateTime.class, "now")
        .orShould()
        .callMethod(java.time.Clock.class, "systemUTC")
        .orShould()
        .callMethod(java.time.Clock.class, "systemDefaultZone")
        .because("a pure core gives the same answer for the same input, in tests as in production")
        .check(MAIN);
  }

  @Test
  void storeKnowsNoEngineAndNoHttp() {
    noClasses()
        .that()
        .resideInAPackage("io.hydra.store..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.hydra.scheduler..", "io.hydra.web..", "io.javalin..")
        .check(MAIN);
  }

  @Test
  void engineKnowsNoHttp() {
    noClasses()
        .that()
        .resideInAPackage("io.hydra.scheduler..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.hydra.web..", "io.javalin..", "gg.jte..")
        .check(MAIN);
  }

  @Test
  void onlyTheLocalLauncherCallsNativeCode() {
    noClasses()
        .that()
        .resideOutsideOfPackage("io.hydra.scheduler.launch.local")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("com.sun.jna..")
        .because("native calls are kept to the one place that needs them: posix_spawn")
        .check(MAIN);
  }

  @ParameterizedTest
  @ValueSource(strings = {"core", "store", "scheduler", "web"})
  void noPackageCycles(String module) {
    slices().assignedFrom(packagesOf(module)).should().beFreeOfCycles().check(MAIN);
  }

  /** Every package of the module is a slice, its root package included. */
  private static SliceAssignment packagesOf(String module) {
    String root = "io.hydra." + module;
    return new SliceAssignment() {
      @Override
      public SliceIdentifier getIdentifierOf(JavaClass c) {
        String p = c.getPackageName();
        return p.equals(root) || p.startsWith(root + ".")
            ? SliceIdentifier.of(p)
            : SliceIdentifier.ignore();
      }

      @Override
      public String getDescription() {
        return "packages of " + root;
      }
    };
  }
}
