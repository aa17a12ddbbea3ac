package io.hydra.core.run;

import io.hydra.core.job.ConcurrencyPolicy;
import io.hydra.core.job.JobSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Says why a run is where it is (docs/scheduling.md, Why): every cause that holds it back or ended
 * it, in words and as data. Pure: the engine gathers the facts, this decides.
 */
public final class Why {

  private Why() {}

  /** A run as the explanation needs it. */
  public record RunFacts(
      long id,
      String job,
      Instant logicalTime,
      RunState state,
      ReasonKind reasonKind,
      String reason,
      Instant retryAt,
      int attempts,
      Hold hold) {

    public RunFacts(
        long id,
        String job,
        Instant logicalTime,
        RunState state,
        ReasonKind reasonKind,
        String reason,
        Instant retryAt,
        int attempts) {
      this(id, job, logicalTime, state, reasonKind, reason, retryAt, attempts, null);
    }
  }

  /**
   * The runs that start before a queued run, by the dispatcher's order (priority, then the owners'
   * fair share): how many of each owner, this run's owner, and the share of capacity it is due.
   */
  public record Ahead(
      Map<String, Integer> byOwner, String owner, double dueShare, boolean atLeast) {

    public Ahead(Map<String, Integer> byOwner, String owner, double dueShare) {
      this(byOwner, owner, dueShare, false);
    }

    /**
     * "3 runs of owner data-eng ahead, fair share 50 %"; with {@code atLeast}, the counts are those
     * looked at and more runs are ahead ("at least 1000 runs of owner ...").
     */
    String message() {
      List<String> parts = new ArrayList<>();
      byOwner.entrySet().stream()
          .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
          .forEach(e -> parts.add(count(e.getValue()) + " of owner " + name(e.getKey())));
      String share = Math.round(dueShare * 100) + " %";
      return (atLeast ? "at least " : "")
          + String.join(" and ", parts)
          + " ahead, fair share "
          + share
          + (byOwner.containsKey(owner) && byOwner.size() == 1 ? "" : " for owner " + name(owner));
    }

    private static String count(int n) {
      return n == 1 ? "1 run" : n + " runs";
    }

    private static String name(String owner) {
      return owner.isEmpty() ? "(none)" : owner;
    }
  }

  /** Another run of the same job, when it may hold this one back. */
  public record OtherRun(long id, Instant logicalTime, RunState state) {}

  /** An upstream run for the same logical time: empty when it does not exist yet. */
  public record UpstreamRun(long id, RunState state) {}

  /**
   * One cause. {@code kind} is one of: upstream, concurrency, capacity, fair_share, held, paused,
   * backoff, missed, running, ready, ended, manual, offers. Fields that do not apply are null.
   */
  public record Reason(
      String kind,
      String message,
      String job,
      Instant logicalTime,
      Long runId,
      String state,
      Instant at) {

    static Reason of(String kind, String message) {
      return new Reason(kind, message, null, null, null, null, null);
    }
  }

  /** The whole answer. */
  public record Explanation(String state, List<Reason> reasons) {}

  /**
   * @param upstreams same-time upstream jobs with their run for T, if any
   * @param creators for an upstream job without a run for T: what will create that run (its
   *     schedule, a backfill, its own upstreams), in words; an upstream not in it has nothing that
   *     will, and the answer says what would unblock the run
   * @param staleFreshness freshness upstreams without a success in [T - within, T], with within
   * @param others the job's other unfinished runs
   * @param capacityShortfall for a queued run the launcher's budget cannot take now: what it needs
   *     and what is free, in words
   */
  public static Explanation explain(
      RunFacts run,
      JobSpec spec,
      Map<String, Optional<UpstreamRun>> upstreams,
      Map<String, String> creators,
      Map<String, Duration> staleFreshness,
      List<OtherRun> others,
      Optional<String> capacityShortfall) {
    return explain(
        run,
        spec,
        upstreams,
        creators,
        staleFreshness,
        others,
        capacityShortfall,
        Optional.empty());
  }

  /** As above, with the runs ahead of a queued run in the dispatcher's order (none: empty). */
  public static Explanation explain(
      RunFacts run,
      JobSpec spec,
      Map<String, Optional<UpstreamRun>> upstreams,
      Map<String, String> creators,
      Map<String, Duration> staleFreshness,
      List<OtherRun> others,
      Optional<String> capacityShortfall,
      Optional<Ahead> ahead) {
    List<Reason> reasons =
        switch (run.state()) {
          case WAITING, UPSTREAM_FAILED -> upstream(run, upstreams, creators, staleFreshness);
          case QUEUED -> queued(run, spec, others, capacityShortfall, ahead);
          case RETRYING ->
              List.of(
                  new Reason(
                      "backoff",
                      "attempt "
                          + run.attempts()
                          + " failed; the next attempt starts at "
                          + run.retryAt(),
                      null,
                      null,
                      null,
                      null,
                      run.retryAt()));
          case RUNNING ->
              List.of(Reason.of("running", "attempt " + run.attempts() + " is running"));
          case SKIPPED -> List.of(Reason.of(skipKind(run.reasonKind()), run.reason()));
          case SUCCEEDED, FAILED, KILLED -> List.of(Reason.of("ended", run.reason()));
        };
    List<Reason> all = new ArrayList<>(reasons);
    if (spec != null && spec.pausedFlag() && !run.state().isTerminal()) {
      all.add(
          0,
          Reason.of(
              "paused",
              "job '" + run.job() + "' is paused; its runs start when it" + " is resumed"));
    }
    if (run.hold() != null && !run.state().isTerminal()) {
      all.add(0, held(run));
    }
    return new Explanation(run.state().wireName(), all);
  }

  /** Who holds the run, since when, and what the hold keeps from happening. */
  private static Reason held(RunFacts run) {
    Hold hold = run.hold();
    String effect =
        run.state() == RunState.RUNNING
            ? "the attempt runs to its end, but a retry waits for the release"
            : "it does not start until released";
    return new Reason(
        "held",
        "held by " + hold.by() + " since " + hold.at() + "; " + effect,
        null,
        null,
        null,
        null,
        hold.at());
  }

  private static List<Reason> upstream(
      RunFacts run,
      Map<String, Optional<UpstreamRun>> ups,
      Map<String, String> creators,
      Map<String, Duration> stale) {
    List<Reason> out = new ArrayList<>();
    stale.forEach(
        (job, within) ->
            out.add(
                new Reason(
                    "upstream",
                    "no success of '"
                        + job
                        + "' with logical time in ["
                        + run.logicalTime().minus(within)
                        + ", "
                        + run.logicalTime()
                        + "] yet (freshness); without one by "
                        + run.logicalTime().plus(within)
                        + " the run fails with upstream_timeout",
                    job,
                    null,
                    null,
                    null,
                    run.logicalTime().plus(within))));
    ups.forEach(
        (job, found) -> {
          RunState state = found.map(UpstreamRun::state).orElse(null);
          if (state == RunState.SUCCEEDED) {
            return;
          }
          String message =
              found.isEmpty()
                  ? noRunYet(job, run.logicalTime(), creators.get(job))
                  : "upstream run "
                      + found.get().id()
                      + " of '"
                      + job
                      + "' for "
                      + run.logicalTime()
                      + " is "
                      + state.wireName();
          out.add(
              new Reason(
                  "upstream",
                  message,
                  job,
                  run.logicalTime(),
                  found.map(UpstreamRun::id).orElse(null),
                  state == null ? null : state.wireName(),
                  null));
        });
    if (out.isEmpty()) {
      out.add(Reason.of("upstream", run.reason()));
    }
    return out;
  }

  /**
   * An upstream run that does not exist: what will create it, or that nothing will (its fire time
   * has passed, no backfill covers it) and what the operator can do.
   */
  private static String noRunYet(String job, Instant t, String creator) {
    String missing = "upstream '" + job + "' has no run for " + t;
    if (creator != null) {
      return missing + " yet; " + creator;
    }
    return missing
        + ", and nothing will create one (no schedule fire, backfill or upstream run is due to):"
        + " trigger '"
        + job
        + "' for "
        + t
        + ", or skip this run or mark it successful";
  }

  private static List<Reason> queued(
      RunFacts run,
      JobSpec spec,
      List<OtherRun> others,
      Optional<String> capacityShortfall,
      Optional<Ahead> ahead) {
    ConcurrencyPolicy policy = spec == null ? ConcurrencyPolicy.ALLOW : spec.concurrency();
    List<Reason> out = new ArrayList<>();
    if (policy == ConcurrencyPolicy.QUEUE || policy == ConcurrencyPolicy.REPLACE) {
      for (OtherRun other : others) {
        boolean blocks =
            other.state() == RunState.RUNNING
                || other.state() == RunState.RETRYING
                || (policy == ConcurrencyPolicy.QUEUE
                    && other.state() == RunState.QUEUED
                    && other.logicalTime().isBefore(run.logicalTime()));
        // Under replace only the newest queued run starts (and ends the older ones); a newer one
        // that is itself held back (a hold, a pause) keeps this one waiting too.
        boolean replacedByNewer =
            policy == ConcurrencyPolicy.REPLACE
                && other.state() == RunState.QUEUED
                && other.logicalTime().isAfter(run.logicalTime());
        if (blocks || replacedByNewer) {
          String what =
              blocks
                  ? " starts this run after it ends"
                  : " starts only the newest queued run, which ends this one when it starts";
          out.add(
              new Reason(
                  "concurrency",
                  "run "
                      + other.id()
                      + " of this job (logical time "
                      + other.logicalTime()
                      + ") is "
                      + other.state().wireName()
                      + "; concurrency: "
                      + policy.name().toLowerCase()
                      + what,
                  run.job(),
                  other.logicalTime(),
                  other.id(),
                  other.state().wireName(),
                  null));
        }
      }
    }
    if (out.isEmpty() && capacityShortfall.isPresent()) {
      out.add(Reason.of("capacity", capacityShortfall.get()));
    }
    if (out.isEmpty() || capacityShortfall.isPresent()) {
      ahead
          .filter(a -> !a.byOwner().isEmpty())
          .ifPresent(a -> out.add(Reason.of("fair_share", a.message())));
    }
    if (out.isEmpty() && run.hold() == null && (spec == null || !spec.pausedFlag())) {
      out.add(Reason.of("ready", "ready to start; waiting for the launcher to take it"));
    }
    return out;
  }

  /** The kind of cause a skip shows, from the reason it was recorded with. */
  private static String skipKind(ReasonKind kind) {
    return switch (kind) {
      case MISSED -> "missed";
      case CONCURRENCY -> "concurrency";
      case PAUSED -> "paused";
      case CALENDAR -> "calendar";
      case MANUAL -> "manual";
      case UPSTREAM_SKIPPED, NO_UPSTREAM_FAILED -> "upstream";
      default -> "ended";
    };
  }

  /**
   * The explanation of a launching run whose launcher has had nowhere to put work for longer than
   * it expects (Mesos: no offer for several allocation intervals; it revives again and logs it).
   * Says so after the other reasons; the run's state is unchanged.
   */
  public static Explanation starved(Explanation e, int attempt, Duration waited) {
    List<Reason> all = new ArrayList<>(e.reasons());
    all.add(
        Reason.of(
            "offers",
            "attempt "
                + attempt
                + " has waited "
                + waited.toSeconds()
                + " s for resources: the launcher got no offer for several allocation intervals"
                + " and asked again (REVIVE)"));
    return new Explanation(e.state(), List.copyOf(all));
  }
}
