package io.hydra.web.cli;

import picocli.CommandLine.Command;

/** {@code hydra schedule}: work with schedules without a server. */
@Command(
    name = "schedule",
    mixinStandardHelpOptions = true,
    description = "Work with cron schedules (offline).",
    subcommands = {SchedulePreviewCommand.class})
final class ScheduleCommand implements Runnable {

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
