package io.hydra.web.cli;

import io.hydra.core.error.ValidationException;
import io.hydra.web.cli.client.ClientException;
import picocli.CommandLine;

/** Prints a failure as one clear line instead of a stack trace, and exits non-zero. */
public final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {

  @Override
  public int handleExecutionException(
      Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
    if (e instanceof ClientException client) {
      client
          .lines()
          .forEach(
              line ->
                  commandLine
                      .getErr()
                      .println("hydra " + commandLine.getCommandName() + ": " + line));
      return client.exitCode();
    }
    if (e instanceof ValidationException invalid) {
      // Bad input, like a usage error: name each field and exit 2, as picocli does for flags.
      invalid
          .errors()
          .forEach(
              err ->
                  commandLine
                      .getErr()
                      .println(
                          "hydra "
                              + commandLine.getCommandName()
                              + ": "
                              + err.field()
                              + ": "
                              + err.message()));
      return 2;
    }
    Throwable cause = e;
    StringBuilder message = new StringBuilder(String.valueOf(e.getMessage()));
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
      if (cause.getMessage() != null && !message.toString().contains(cause.getMessage())) {
        message.append(": ").append(cause.getMessage());
      }
    }
    commandLine.getErr().println("hydra " + commandLine.getCommandName() + ": " + message);
    if (System.getenv("HYDRA_DEBUG") != null) {
      e.printStackTrace(commandLine.getErr());
    }
    return 1;
  }
}
