package io.hydra.store.run;

import com.fasterxml.jackson.core.type.TypeReference;
import io.hydra.core.run.Hold;
import io.hydra.core.run.Reason;
import io.hydra.core.run.ReasonKind;
import io.hydra.core.run.RunCause;
import io.hydra.core.run.RunState;
import io.hydra.store.json.Json;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * A {@code run} row as a {@link Run}, and the SQL fragments and parameters the run classes share
 * ({@link RunWrites}, {@link RunReads}, {@link RunQueue}, {@link DependencyRuns}, {@link
 * BackfillRuns}; {@link Attempts} reads reasons and instants the same way).
 */
final class RunRows {

  private static final TypeReference<Map<String, String>> PARAMS = new TypeReference<>() {};

  /** The states of a run that has not ended, as an SQL list: {@code ('waiting', ...)}. */
  static final String UNFINISHED = sqlList(s -> !s.isTerminal());

  /** {@link RunState#ACTIVE} as an SQL list. */
  static final String ACTIVE = sqlList(RunState.ACTIVE::contains);

  private RunRows() {}

  static Run map(ResultSet rs) throws SQLException {
    return new Run(
        rs.getLong("id"),
        rs.getString("job"),
        instant(rs.getObject("logical_time", OffsetDateTime.class)),
        rs.getInt("job_version"),
        RunState.fromWire(rs.getString("state")),
        reason(rs),
        RunCause.fromWire(rs.getString("cause")),
        Json.read(rs.getString("params"), PARAMS),
        rs.getInt("failures"),
        rs.getInt("attempts"),
        instant(rs.getObject("retry_at", OffsetDateTime.class)),
        instant(rs.getObject("created_at", OffsetDateTime.class)),
        instant(rs.getObject("updated_at", OffsetDateTime.class)),
        instant(rs.getObject("started_at", OffsetDateTime.class)),
        instant(rs.getObject("ended_at", OffsetDateTime.class)),
        hold(rs),
        rs.getInt("priority"),
        rs.getString("owner"));
  }

  private static Hold hold(ResultSet rs) throws SQLException {
    String by = rs.getString("held_by");
    return by == null ? null : new Hold(by, instant(rs.getObject("held_at", OffsetDateTime.class)));
  }

  /**
   * The row's reason: its kind and details; one recorded before reasons had details (null) keeps
   * its stored sentence.
   */
  static Reason reason(ResultSet rs) throws SQLException {
    ReasonKind kind = ReasonKind.fromWire(rs.getString("reason_kind"));
    String details = rs.getString("reason_details");
    return details == null
        ? Reason.legacy(kind, rs.getString("reason"))
        : new Reason(kind, Json.read(details, PARAMS));
  }

  static Instant instant(OffsetDateTime value) {
    return value == null ? null : value.toInstant();
  }

  /** Instants as text for a {@code timestamptz[]} parameter (null stays null). */
  static <T> String[] texts(List<T> rows, Function<T, Instant> field) {
    return rows.stream()
        .map(field)
        .map(i -> i == null ? null : i.toString())
        .toArray(String[]::new);
  }

  private static String sqlList(Predicate<RunState> which) {
    return Arrays.stream(RunState.values())
        .filter(which)
        .map(s -> "'" + s.wireName() + "'")
        .collect(Collectors.joining(", ", "(", ")"));
  }
}
