package io.hydra.web.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code hydra calendar list|show|delete}: the server's calendars. They are created and changed
 * with {@code hydra apply} (files with {@code kind: calendar}), like jobs.
 */
@Command(
    name = "calendar",
    mixinStandardHelpOptions = true,
    description =
        "List, show and delete calendars (create and change them with hydra apply, kind: calendar).",
    subcommands = {
      CalendarCommands.ListCalendars.class,
      CalendarCommands.Show.class,
      CalendarCommands.Delete.class,
      CommandLine.HelpCommand.class
    })
public final class CalendarCommands implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  private static String path(String name) {
    return "/api/v1/calendars/" + URLEncoder.encode(name, StandardCharsets.UTF_8);
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "List the calendars: name, number of dates, first and last date.")
  static final class ListCalendars extends RunCommands.ClientCommand {
    @Override
    public Integer call() {
      for (JsonNode c : api().get("/api/v1/calendars").path("items")) {
        JsonNode dates = c.path("dates");
        String span =
            dates.isEmpty()
                ? "-"
                : dates.get(0).asText() + ".." + dates.get(dates.size() - 1).asText();
        out().println(c.path("name").asText() + "\t" + dates.size() + " dates\t" + span);
      }
      return 0;
    }
  }

  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description = "Print a calendar's dates, one per line.")
  static final class Show extends RunCommands.ClientCommand {
    @Parameters(paramLabel = "NAME")
    String name;

    @Override
    public Integer call() {
      for (JsonNode date : api().get(path(name)).path("dates")) {
        out().println(date.asText());
      }
      return 0;
    }
  }

  @Command(
      name = "delete",
      mixinStandardHelpOptions = true,
      description = "Delete a calendar; refused while a job's schedule names it.")
  static final class Delete extends RunCommands.ClientCommand {
    @Parameters(paramLabel = "NAME")
    String name;

    @Override
    public Integer call() {
      api().delete(path(name));
      out().println("Calendar '" + name + "' deleted.");
      return 0;
    }
  }
}
