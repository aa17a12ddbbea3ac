package io.hydra.web.api;

import io.hydra.core.job.JobSpec;
import io.hydra.core.run.AttemptState;
import io.hydra.core.run.ReasonKind;
import io.hydra.core.run.RunCause;
import io.hydra.core.run.RunState;
import io.hydra.core.run.TaskLocation;
import io.hydra.scheduler.engine.RunService;
import io.hydra.store.job.JobVersion;
import io.hydra.store.job.StoredJob;
import io.hydra.store.run.Attempt;
import io.hydra.store.run.Run;
import io.hydra.store.run.RunEvent;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The JSON shapes of the API. Field names are those of docs/api.md: logicalTime, state, attempts.
 */
final class Views {

  private Views() {}

  record JobView(
      String name,
      int version,
      Instant createdAt,
      Instant updatedAt,
      Instant nextFireAt,
      JobSpec spec) {

    static JobView of(StoredJob job, Instant nextFireAt) {
      return new JobView(
          job.name(), job.version(), job.createdAt(), job.updatedAt(), nextFireAt, job.spec());
    }
  }

  record VersionView(
      int version, String change, String author, String source, Instant createdAt, JobSpec spec) {

    static VersionView of(JobVersion v) {
      return new VersionView(
          v.version(), v.change(), v.author(), v.source(), v.createdAt(), v.spec());
    }
  }

  record RunView(
      long id,
      String job,
      Instant logicalTime,
      RunState state,
      String reason,
      ReasonKind reasonKind,
      Map<String, String> reasonDetails,
      RunCause cause,
      Map<String, String> params,
      int jobVersion,
      int attemptCount,
      int failures,
      Instant retryAt,
      Instant createdAt,
      Instant updatedAt,
      Instant startedAt,
      Instant endedAt,
      int priority,
      String owner,
      boolean held,
      String heldBy,
      Instant heldAt) {

    static RunView of(Run r) {
      return new RunView(
          r.id(),
          r.job(),
          r.logicalTime(),
          r.state(),
          r.reason(),
          r.reasonKind(),
          r.why().details(),
          r.cause(),
          r.params(),
          r.jobVersion(),
          r.attempts(),
          r.failures(),
          r.retryAt(),
          r.createdAt(),
          r.updatedAt(),
          r.startedAt(),
          r.endedAt(),
          r.priority(),
          r.owner(),
          r.hold() != null,
          r.hold() == null ? null : r.hold().by(),
          r.hold() == null ? null : r.hold().at());
    }
  }

  record AttemptView(
      int number,
      String taskId,
      String launcher,
      AttemptState state,
      String reason,
      ReasonKind reasonKind,
      Map<String, String> reasonDetails,
      Integer exitCode,
      Instant createdAt,
      Instant startedAt,
      Instant endedAt,
      Instant deadlineAt,
      TaskLocation location) {

    static AttemptView of(Attempt a) {
      return new AttemptView(
          a.number(),
          a.taskId(),
          a.launcher(),
          a.state(),
          a.reason(),
          a.why().kind(),
          a.why().details(),
          a.exitCode(),
          a.createdAt(),
          a.startedAt(),
          a.endedAt(),
          a.deadlineAt(),
          a.location());
    }
  }

  record RunDetailView(
      long id,
      String job,
      Instant logicalTime,
      RunState state,
      String reason,
      ReasonKind reasonKind,
      Map<String, String> reasonDetails,
      RunCause cause,
      Map<String, String> params,
      int jobVersion,
      int attemptCount,
      int failures,
      Instant retryAt,
      Instant createdAt,
      Instant updatedAt,
      Instant startedAt,
      Instant endedAt,
      int priority,
      String owner,
      boolean held,
      String heldBy,
      Instant heldAt,
      List<AttemptView> attempts,
      List<EventView> events) {

    static RunDetailView of(RunService.RunDetail d) {
      Run r = d.run();
      return new RunDetailView(
          r.id(),
          r.job(),
          r.logicalTime(),
          r.state(),
          r.reason(),
          r.reasonKind(),
          r.why().details(),
          r.cause(),
          r.params(),
          r.jobVersion(),
          r.attempts(),
          r.failures(),
          r.retryAt(),
          r.createdAt(),
          r.updatedAt(),
          r.startedAt(),
          r.endedAt(),
          r.priority(),
          r.owner(),
          r.hold() != null,
          r.hold() == null ? null : r.hold().by(),
          r.hold() == null ? null : r.hold().at(),
          d.attempts().stream().map(AttemptView::of).toList(),
          d.events().stream().map(EventView::of).toList());
    }
  }

  /** One entry of a run's timeline. */
  record EventView(
      Instant at,
      String state,
      String reason,
      ReasonKind reasonKind,
      Map<String, String> reasonDetails,
      Integer attempt) {

    static EventView of(RunEvent e) {
      return new EventView(
          e.at(), e.state(), e.reason(), e.reasonKind(), e.why().details(), e.attempt());
    }
  }

  record Page<T>(List<T> items, String nextCursor) {}
}
