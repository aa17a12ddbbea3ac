package io.hydra.web.cli;

import picocli.CommandLine;

/** Prints a failure as one clear line instead of a stack trace, and exits non-zero. */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {

  @Override
  public int handleExecutionException(
      Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
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
