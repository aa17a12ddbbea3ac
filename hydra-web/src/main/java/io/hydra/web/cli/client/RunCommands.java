package io.hydra.web.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.hydra.web.cli.jobs.ServerOptions;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** The operator's commands on runs and jobs, each one REST call. */
public final class RunCommands {

  private RunCommands() {}

  /** Base: the server options, and printing. */
  abstract static class ClientCommand implements Callable<Integer> {
    @Mixin ServerOptions options;
    @Spec CommandSpec spec;

    ApiCall api() {
      return new ApiCall(options.client());
    }

    PrintWriter out() {
      return spec.commandLine().getOut();
    }
  }

  @Command(
      name = "trigger",
      mixinStandardHelpOptions = true,
      description = "Create a run of JOB now (or for --logical-time); idempotent per time.")
  public static final class Trigger extends ClientCommand {
    @Parameters(paramLabel = "JOB")
    String job;

    @Option(names = "--logical-time", description = "ISO-8601 instant, e.g. 2026-03-01T02:00:00Z")
    String logicalTime;

    @Option(names = "--param", description = "KEY=VALUE, becomes HYDRA_PARAM_KEY (repeatable)")
    Map<String, String> params;

    @Option(
        names = "--priority",
        description = "The run's priority instead of the job's (-1000 to 1000, higher first)")
    Integer priority;

    @Override
    public Integer call() {
      Map<String, Object> body = new LinkedHashMap<>();
      if (priority != null) {
        body.put("priority", priority);
      }
      if (logicalTime != null) {
        try {
          body.put("logicalTime", Instant.parse(logicalTime).toString());
        } catch (DateTimeParseException e) {
          throw new ClientException(
              2,
              "--logical-time: '"
                  + logicalTime
                  + "' is not an ISO-8601 instant such as 2026-03-01T02:00:00Z");
        }
      }
      if (params != null) {
        body.put("params", params);
      }
      out().println(RunText.line(api().post("/api/v1/jobs/" + job + "/runs", body)));
      return 0;
    }
  }

  @Command(
      name = "rerun",
      mixinStandardHelpOptions = true,
      description = "Run an ended run again; --downstream also re-runs what follows it.")
  public static final class Rerun extends ClientCommand {
    @Parameters(paramLabel = "RUN")
    long run;

    @Option(
        names = "--downstream",
        description =
            "Also re-run the downstream runs of the same" + " logical time, in dependency order.")
    boolean downstream;

    @Option(names = "--param", description = "KEY=VALUE replacing the run's parameters")
    Map<String, String> params;

    @Override
    public Integer call() {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("downstream", downstream);
      if (params != null) {
        body.put("params", params);
      }
      JsonNode answer = api().post("/api/v1/runs/" + run + "/rerun", body);
      out().println(RunText.line(answer.path("run")));
      answer.path("downstream").forEach(r -> out().println(RunText.line(r)));
      return 0;
    }
  }

  @Command(
      name = "retry-pipeline",
      mixinStandardHelpOptions = true,
      description =
          "Retry the pipeline of RUN now: its failed nodes run again with their downstream,"
              + " counted as a pipeline retry. Refused while a node has not ended.")
  public static final class RetryPipeline extends ClientCommand {
    @Parameters(paramLabel = "RUN", description = "any run of the pipeline")
    long run;

    @Override
    public Integer call() {
      JsonNode answer = api().post("/api/v1/runs/" + run + "/pipeline/retry", null);
      int max = answer.path("max").asInt();
      out()
          .println(
              "pipeline retry "
                  + answer.path("retry").asInt()
                  + (max > 0 ? " of " + max : "")
                  + " of '"
                  + answer.path("root").asText()
                  + "' at "
                  + answer.path("logicalTime").asText());
      answer.path("runs").forEach(r -> out().println(RunText.line(r)));
      return 0;
    }
  }

  /** A run action without options: mark-success, skip, kill, hold, release. */
  abstract static class RunAction extends ClientCommand {
    @Parameters(paramLabel = "RUN")
    long run;

    abstract String action();

    @Override
    public Integer call() {
      out().println(RunText.line(api().post("/api/v1/runs/" + run + "/" + action(), null)));
      return 0;
    }
  }

  @Command(
      name = "mark-success",
      mixinStandardHelpOptions = true,
      description = "Declare a run successful without running it; downstream runs proceed.")
  public static final class MarkSuccess extends RunAction {
    @Override
    String action() {
      return "mark-success";
    }
  }

  @Command(
      name = "skip",
      mixinStandardHelpOptions = true,
      description = "Decide a run will not run.")
  public static final class Skip extends RunAction {
    @Override
    String action() {
      return "skip";
    }
  }

  @Command(
      name = "hold",
      mixinStandardHelpOptions = true,
      description =
          "Keep a run that has not ended from starting (and its downstream waiting) until"
              + " released; a running run finishes, but its retries wait.")
  public static final class Hold extends RunAction {
    @Override
    String action() {
      return "hold";
    }
  }

  @Command(
      name = "release",
      mixinStandardHelpOptions = true,
      description = "Let a held run start again.")
  public static final class Release extends RunAction {
    @Override
    String action() {
      return "release";
    }
  }

  @Command(
      name = "kill",
      mixinStandardHelpOptions = true,
      description = "Stop a run's task; the run ends killed and is not retried.")
  public static final class Kill extends RunAction {
    @Override
    String action() {
      return "kill";
    }
  }

  @Command(
      name = "why",
      mixinStandardHelpOptions = true,
      description = "Say why a run is where it is.")
  public static final class Why extends ClientCommand {
    @Parameters(paramLabel = "RUN")
    long run;

    @Override
    public Integer call() {
      JsonNode why = api().get("/api/v1/runs/" + run + "/why");
      out().println("run " + run + " is " + why.path("state").asText());
      why.path("reasons").forEach(r -> out().println(RunText.reason(r)));
      return 0;
    }
  }

  /** pause and resume. */
  abstract static class JobAction extends ClientCommand {
    @Parameters(paramLabel = "JOB")
    String job;

    abstract String action();

    @Override
    public Integer call() {
      JsonNode answer = api().post("/api/v1/jobs/" + job + "/" + action(), null);
      out()
          .println(
              "job "
                  + answer.path("name").asText()
                  + " "
                  + (answer.path("spec").path("paused").asBoolean() ? "paused" : "active"));
      return 0;
    }
  }

  @Command(
      name = "pause",
      mixinStandardHelpOptions = true,
      description = "Pause a job: its fires are recorded as skipped (paused).")
  public static final class Pause extends JobAction {
    @Override
    String action() {
      return "pause";
    }
  }

  @Command(
      name = "resume",
      mixinStandardHelpOptions = true,
      description = "Resume a job; fires skipped while paused follow its catch-up policy.")
  public static final class Resume extends JobAction {
    @Override
    String action() {
      return "resume";
    }
  }

  @Command(
      name = "backfill",
      mixinStandardHelpOptions = true,
      description = "Run JOB for every fire time in [--from, --to], oldest first.")
  public static final class Backfill extends ClientCommand {
    @Parameters(paramLabel = "JOB")
    String job;

    @Option(names = "--from", required = true, description = "ISO-8601 instant (inclusive)")
    String from;

    @Option(names = "--to", required = true, description = "ISO-8601 instant (inclusive)")
    String to;

    @Option(
        names = "--priority",
        description = "The runs' priority instead of the job's (-1000 to 1000, higher first)")
    Integer priority;

    @Option(
        names = "--parallelism",
        defaultValue = "1",
        description = "Runs at once (default: ${DEFAULT-VALUE})")
    int parallelism;

    @Override
    public Integer call() {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("from", from);
      body.put("to", to);
      body.put("parallelism", parallelism);
      if (priority != null) {
        body.put("priority", priority);
      }
      JsonNode b = api().post("/api/v1/jobs/" + job + "/backfill", body);
      out()
          .println(
              "backfill "
                  + b.path("id").asText()
                  + "  "
                  + job
                  + "  "
                  + b.path("total").asText()
                  + " fire times  "
                  + b.path("state").asText());
      return 0;
    }
  }
}
