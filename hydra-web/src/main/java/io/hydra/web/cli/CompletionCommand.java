package io.hydra.web.cli;

import io.hydra.core.error.ValidationException;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code hydra completion bash}: the shell completion script, made by picocli from the commands.
 */
@Command(
    name = "completion",
    mixinStandardHelpOptions = true,
    description = {
      "Print a completion script for SHELL (bash; zsh loads it after bashcompinit).",
      "Load it with: source <(hydra completion bash)"
    })
public final class CompletionCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "SHELL", description = "bash")
  String shell;

  @Override
  public Integer call() {
    if (!"bash".equals(shell)) {
      // Bad input like a usage error: one line naming the parameter, exit 2 (ErrorHandler).
      throw ValidationException.of("SHELL", "only bash is supported, not '" + shell + "'");
    }
    CommandLine root = spec.root().commandLine();
    spec.commandLine().getOut().print(AutoComplete.bash(root.getCommandName(), root));
    spec.commandLine().getOut().flush();
    return 0;
  }
}
