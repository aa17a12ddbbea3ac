package io.hydra.store.job;

import io.hydra.core.job.JobSpec;
import io.hydra.store.error.ConflictException;
import io.hydra.store.error.NotFoundException;
import io.hydra.store.json.Json;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** The {@code job} and {@code job_version} tables: every change is a new version. */
public final class Jobs {

  private final Handle handle;

  public Jobs(Handle handle) {
    this.handle = handle;
  }

  public Optional<StoredJob> get(String name) {
    return handle
        .createQuery("select * from job where name = :name")
        .bind("name", name)
        .map((rs, ctx) -> map(rs))
        .findOne();
  }

  /**
   * Locks the job's row until the transaction ends, so concurrent edits apply one after another.
   */
  public Optional<StoredJob> getForUpdate(String name) {
    return handle
        .createQuery("select * from job where name = :name for update")
        .bind("name", name)
        .map((rs, ctx) -> map(rs))
        .findOne();
  }

  /**
   * The jobs named and every job they wait for, transitively, as stored (names that are not stored
   * are left out). A job's graph check needs only these, and reading them costs the size of that
   * part of the graph, not of the catalog: at a million jobs, reading every definition to check one
   * took seconds. An {@code after} entry is stored as the upstream's name, or as {@code {job,
   * within}}; {@code union} stops at jobs already found, so a cycle in stored data ends the walk.
   */
  public List<StoredJob> withUpstreams(Collection<String> names) {
    return handle
        .createQuery(
            """
            with recursive part(name) as (
                select unnest(cast(:names as text[]))
              union
                select coalesce(e ->> 'job', e #>> '{}')
                  from part
                  join job j on j.name = part.name
                  cross join lateral jsonb_array_elements(
                      case jsonb_typeof(j.spec -> 'after') when 'array' then j.spec -> 'after'
                           else '[]'::jsonb end) e)
            select j.* from job j join part on j.name = part.name order by j.name""")
        .bind("names", names.toArray(String[]::new))
        .map((rs, ctx) -> map(rs))
        .list();
  }

  /**
   * The jobs whose {@code after:} names {@code name}, in either stored form (the name, or {@code
   * {job, within}}), by name. Answered from the {@code job_after} index, not by reading every
   * definition: at a million jobs, a delete's check for dependents read them all.
   */
  public List<String> dependentsOf(String name) {
    return handle
        .createQuery(
            "select name from job where spec -> 'after' @> cast(:asName as jsonb) "
                + "or spec -> 'after' @> cast(:asRef as jsonb) order by name")
        .bind("asName", Json.write(List.of(name)))
        .bind("asRef", Json.write(List.of(Map.of("job", name))))
        .mapTo(String.class)
        .list();
  }

  /**
   * A short text that changes whenever any job is created, changed or deleted (count, sum of
   * versions, latest change), to tell whether definitions read earlier are still current.
   */
  public String fingerprint() {
    return handle
        .createQuery(
            "select count(*) || ':' || coalesce(sum(version), 0) || ':' "
                + "|| coalesce(max(updated_at)::text, '') from job")
        .mapTo(String.class)
        .one();
  }

  public List<StoredJob> list() {
    return handle.createQuery("select * from job order by name").map((rs, ctx) -> map(rs)).list();
  }

  /**
   * One page of the job list, in the database: filters, then keyset order by {@code sort} ({@code
   * name}, {@code updated_at} or {@code created_at}) and name, names in byte order.
   *
   * @param after the last job of the previous page: its sort value (null when sorting by name) and
   *     its name; the page starts after it, even if it was deleted meanwhile
   * @param owners the owners the caller may see, or null for all
   * @param q a substring of the name, or null
   */
  public List<ListedJob> page(JobPage q) {
    String column =
        switch (q.sort()) {
          case "updated_at", "created_at" -> q.sort();
          default -> null;
        };
    String dir = q.descending() ? "desc" : "asc";
    String cmp = q.descending() ? "<" : ">";
    // Only what changes without a new version: the caller knows each version's spec and times
    // (JobService keeps them), so the rows stay small. The next fire is looked up here, not by a
    // second query with all the names (which made the planner scan the schedule table), and only
    // for a job with a schedule: the schedule table has no row for the others.
    StringBuilder sql =
        new StringBuilder(
            "select name, version, case when spec -> 'schedule' is not null then (select "
                + "next_fire_at from job_schedule where job_schedule.job = job.name) end "
                + "from job where true");
    if (q.owners() != null) {
      sql.append(" and coalesce(spec->>'owner', '') = any(:owners)");
    }
    if (q.owner() != null) {
      sql.append(" and coalesce(spec->>'owner', '') = :owner");
    }
    if (q.q() != null) {
      sql.append(" and strpos(name, :q) > 0");
    }
    if (q.paused() != null) {
      sql.append(" and paused = :paused");
    }
    if (q.afterName() != null) {
      sql.append(
          column == null
              ? " and name collate \"C\" " + cmp + " :afterName"
              : " and (" + column + ", name collate \"C\") " + cmp + " (:afterValue, :afterName)");
    }
    sql.append(" order by ");
    if (column != null) {
      sql.append(column).append(' ').append(dir).append(", ");
    }
    sql.append("name collate \"C\" ").append(dir).append(" limit :limit");
    var query = handle.createQuery(sql.toString()).bind("limit", q.limit());
    if (q.owners() != null) {
      query.bind("owners", q.owners().toArray(new String[0]));
    }
    if (q.owner() != null) {
      query.bind("owner", q.owner());
    }
    if (q.q() != null) {
      query.bind("q", q.q());
    }
    if (q.paused() != null) {
      query.bind("paused", q.paused());
    }
    if (q.afterName() != null) {
      query.bind("afterName", q.afterName());
      if (column != null) {
        query.bind("afterValue", q.afterValue());
      }
    }
    return query
        .map((rs, ctx) -> new ListedJob(rs.getString(1), rs.getInt(2), instant(rs, 3)))
        .list();
  }

  /**
   * A job of the list: the version it has, and its next fire (null without a schedule). A name and
   * version always stand for the same spec and times: every change makes a new version, and a
   * re-created job continues the numbers of its deleted predecessor.
   */
  public record ListedJob(String name, int version, Instant nextFireAt) {}

  /** These jobs, those that exist, in no particular order. */
  public List<StoredJob> get(Collection<String> names) {
    return handle
        .createQuery("select * from job where name = any(:names)")
        .bind("names", names.toArray(new String[0]))
        .map((rs, ctx) -> map(rs))
        .list();
  }

  /** What {@link #page} is asked; {@code sort} is name, updated_at or created_at. */
  public record JobPage(
      String sort,
      boolean descending,
      Instant afterValue,
      String afterName,
      Collection<String> owners,
      String owner,
      String q,
      Boolean paused,
      int limit) {}

  public StoredJob create(JobSpec spec, String author, String source, Instant now) {
    int inserted =
        handle
            .createUpdate(
                "insert into job (name, version, spec, paused, created_at, updated_at) "
                    + "values (:name, :version, cast(:spec as jsonb), :paused, :now, :now) "
                    + "on conflict (name) do nothing")
            .bind("name", spec.name())
            .bind("version", nextVersion(spec.name()))
            .bind("spec", Json.write(spec))
            .bind("paused", spec.pausedFlag())
            .bind("now", now)
            .execute();
    if (inserted == 0) {
      throw new ConflictException("job '" + spec.name() + "' already exists");
    }
    StoredJob job = get(spec.name()).orElseThrow();
    recordVersion(job.name(), job.version(), spec, "created", author, source, now);
    return job;
  }

  /** Stores a changed spec as a new version; an unchanged spec stores nothing. */
  public StoredJob update(JobSpec spec, String change, String author, String source, Instant now) {
    StoredJob current =
        getForUpdate(spec.name())
            .orElseThrow(() -> new NotFoundException("job '" + spec.name() + "' does not exist"));
    if (current.spec().equals(spec)) {
      return current;
    }
    int version = current.version() + 1;
    handle
        .createUpdate(
            "update job set version = :version, spec = cast(:spec as jsonb), paused = :paused, "
                + "updated_at = :now where name = :name")
        .bind("name", spec.name())
        .bind("version", version)
        .bind("spec", Json.write(spec))
        .bind("paused", spec.pausedFlag())
        .bind("now", now)
        .execute();
    recordVersion(spec.name(), version, spec, change, author, source, now);
    return get(spec.name()).orElseThrow();
  }

  public void delete(String name, String author, String source, Instant now) {
    StoredJob current =
        getForUpdate(name)
            .orElseThrow(() -> new NotFoundException("job '" + name + "' does not exist"));
    handle.createUpdate("delete from job where name = :name").bind("name", name).execute();
    recordVersion(name, current.version() + 1, null, "deleted", author, source, now);
  }

  public List<JobVersion> versions(String name) {
    return handle
        .createQuery("select * from job_version where job = :job order by version desc")
        .bind("job", name)
        .map(
            (rs, ctx) ->
                new JobVersion(
                    rs.getString("job"),
                    rs.getInt("version"),
                    rs.getString("spec") == null
                        ? null
                        : Json.read(rs.getString("spec"), JobSpec.class),
                    rs.getString("change"),
                    rs.getString("author"),
                    rs.getString("source"),
                    rs.getObject("created_at", OffsetDateTime.class).toInstant()))
        .list();
  }

  /** When the job last had a change of this kind (e.g. {@code paused}). */
  public Optional<Instant> lastChangeAt(String name, String change) {
    return handle
        .createQuery(
            "select max(created_at) from job_version where job = :job " + "and change = :change")
        .bind("job", name)
        .bind("change", change)
        .map((rs, ctx) -> rs.getObject(1, OffsetDateTime.class))
        .findOne()
        .filter(Objects::nonNull)
        .map(OffsetDateTime::toInstant);
  }

  /** A re-created job continues the version numbers of its deleted predecessor. */
  private int nextVersion(String name) {
    return handle
        .createQuery("select coalesce(max(version), 0) + 1 from job_version where job = :job")
        .bind("job", name)
        .mapTo(Integer.class)
        .one();
  }

  private void recordVersion(
      String name,
      int version,
      JobSpec spec,
      String change,
      String author,
      String source,
      Instant now) {
    handle
        .createUpdate(
            "insert into job_version (job, version, spec, change, author, source, created_at) "
                + "values (:job, :version, cast(:spec as jsonb), :change, :author, :source, :now)")
        .bind("job", name)
        .bind("version", version)
        .bind("spec", spec == null ? null : Json.write(spec))
        .bind("change", change)
        .bind("author", author)
        .bind("source", source)
        .bind("now", now)
        .execute();
  }

  private static Instant instant(ResultSet rs, int column) throws SQLException {
    OffsetDateTime at = rs.getObject(column, OffsetDateTime.class);
    return at == null ? null : at.toInstant();
  }

  private static StoredJob map(ResultSet rs) throws SQLException {
    return new StoredJob(
        Json.read(rs.getString("spec"), JobSpec.class),
        rs.getInt("version"),
        rs.getObject("created_at", OffsetDateTime.class).toInstant(),
        rs.getObject("updated_at", OffsetDateTime.class).toInstant());
  }
}
