package io.hydra.web.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code hydra logs RUN}: an attempt's output. With {@code --follow} it keeps printing what the
 * attempt writes until the attempt ends, fetching only the bytes it has not printed yet.
 */
@Command(
    name = "logs",
    mixinStandardHelpOptions = true,
    description = "Print an attempt's output (the run's latest attempt unless --attempt).")
public final class LogsCommand extends RunCommands.ClientCommand {

  /** How often a follower asks for more; the server offers no push for log bytes. */
  private static final Duration POLL = Duration.ofMillis(500);

  private static final Set<String> ENDED = Set.of("succeeded", "failed", "killed", "lost");

  @Parameters(paramLabel = "RUN")
  long run;

  @Option(
      names = "--attempt",
      paramLabel = "N",
      description = "Attempt number (default: the latest)")
  Integer attempt;

  @Option(names = "--stderr", description = "The standard error instead of the standard output")
  boolean stderr;

  @Option(
      names = {"-f", "--follow"},
      description = "Keep printing as the attempt writes, until it ends")
  boolean follow;

  @Override
  public Integer call() throws InterruptedException {
    if (attempt != null && attempt < 1) {
      throw new ClientException(2, "--attempt: must be 1 or more, not " + attempt);
    }
    if (run < 1) {
      throw new ClientException(2, "RUN: must be a run id, 1 or more, not " + run);
    }
    if (follow) {
      follow();
    } else {
      int number = attempt != null ? attempt : latest(api().get(runPath()));
      Utf8Text text = new Utf8Text();
      print(text.append(api().bytesOrFail(logPath(number, 0))) + text.rest());
    }
    return 0;
  }

  /** Until the attempt ends: print what it wrote since the last look, then look again. */
  private void follow() throws InterruptedException {
    Utf8Text text = new Utf8Text();
    long offset = 0;
    Integer number = attempt;
    while (true) {
      // The state is read before the log, so the read after the end sees all the attempt wrote.
      JsonNode detail = api().get(runPath());
      if (number == null && detail.path("attemptCount").asInt() > 0) {
        number = detail.path("attemptCount").asInt();
      }
      boolean ended = ended(detail, number);
      if (number != null) {
        Optional<byte[]> more = api().bytes(logPath(number, offset)); // none yet while launching
        if (more.isPresent()) {
          offset += more.get().length;
          print(text.append(more.get()));
        }
      }
      if (ended) {
        print(text.rest());
        return;
      }
      Thread.sleep(POLL.toMillis());
    }
  }

  /** Whether the attempt followed has ended, or, none chosen yet, the run ended without one. */
  private boolean ended(JsonNode detail, Integer number) {
    if (number == null) {
      if (RunText.isEnded(detail.path("state").asText())) {
        throw noAttempt(detail);
      }
      return false;
    }
    for (JsonNode a : detail.path("attempts")) {
      if (a.path("number").asInt() == number) {
        return ENDED.contains(a.path("state").asText());
      }
    }
    if (RunText.isEnded(detail.path("state").asText())) {
      throw new ClientException(2, "--attempt: run " + run + " has no attempt " + number);
    }
    return false; // a later attempt, not started yet: wait for it
  }

  private int latest(JsonNode detail) {
    int count = detail.path("attemptCount").asInt();
    if (count == 0) {
      throw noAttempt(detail);
    }
    return count;
  }

  private ClientException noAttempt(JsonNode detail) {
    return new ClientException(
        1, "run " + run + " has no attempt yet (it is " + detail.path("state").asText() + ")");
  }

  private void print(String text) {
    if (!text.isEmpty()) {
      out().print(text);
      out().flush();
    }
  }

  private String runPath() {
    return "/api/v1/runs/" + run;
  }

  private String logPath(int number, long offset) {
    return runPath()
        + "/attempts/"
        + number
        + "/log?stream="
        + (stderr ? "stderr" : "stdout")
        + (offset > 0 ? "&offset=" + offset : "");
  }
}
