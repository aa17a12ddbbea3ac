package io.hydra.web.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.hydra.store.run.RunWrites;
import org.junit.jupiter.api.Test;

/**
 * Every change of a run's state goes through the engine's one transition applier, so every path
 * (fire, trigger, operator, timer, report, backfill) has the same effects. Only it may call {@link
 * RunWrites}, which holds every statement that creates or changes run rows.
 */
class RunWritesTest {

  private static final String APPLIER = "io.hydra.scheduler.engine.RunTransitions";

  private static final JavaClasses PRODUCTION =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          // Other modules' test classes come as *-tests.jar in a reactor build.
          .withImportOption(location -> !location.contains("-tests.jar"))
          .importPackages("io.hydra");

  // Any method, not only insert*/update*: a write added later under another name is caught too.
  // Building a RunWrites.Change is no write (it is another class): only handing it over is.
  private static final DescribedPredicate<JavaMethodCall> WRITES_A_RUN =
      DescribedPredicate.describe(
          "a method of RunWrites (each creates or changes run rows)",
          call -> call.getTargetOwner().isAssignableTo(RunWrites.class));

  @Test
  void onlyTheTransitionApplierWritesRuns() {
    noClasses()
        .that()
        .doNotHaveFullyQualifiedName(APPLIER)
        .and()
        .doNotHaveFullyQualifiedName(RunWrites.class.getName())
        // hydra-bench, which seeds a burst's queued runs as triggers would before any engine
        // starts, depends on this module and so is not on its class path.
        .should()
        .callMethodWhere(WRITES_A_RUN)
        .because("a run changes only through a transition of the core table (issue 18)")
        .check(PRODUCTION);
  }
}
