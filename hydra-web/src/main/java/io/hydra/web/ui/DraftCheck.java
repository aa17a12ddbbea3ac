package io.hydra.web.ui;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hydra.core.error.FieldError;
import io.hydra.core.error.ValidationException;
import io.hydra.core.job.JobSpec;
import io.hydra.core.schedule.SchedulePreview;
import io.hydra.core.schedule.Timetable;
import io.hydra.scheduler.engine.JobService;
import io.hydra.store.json.JobSpecReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks a draft exactly as saving it would: the same reader and {@link JobService#check} (the
 * validator and the graph) as the API, plus "that name is taken" for a new job. Previews the next
 * fire times with their DST notes when the schedule is valid.
 */
public final class DraftCheck {

  static final int PREVIEW = 10;

  /** Form fields an error can be shown next to, most specific first. */
  static final List<String> SLOTS =
      List.of(
          "name",
          "owner",
          "description",
          "labels",
          "schedule.cron",
          "schedule.timezone",
          "schedule",
          "after",
          "trigger",
          "concurrency",
          "retries",
          "timeout",
          "task.env",
          "task",
          "yaml",
          "base");

  /**
   * One previewed fire: local time in the job's zone, UTC, a DST note or "", and the calendar that
   * excludes its date or "" (such a fire is recorded as skipped, not run).
   */
  public record Fire(String local, String utc, String dst, String excluded) {}

  /** The outcome: every error, the slot each is shown in, and the preview. */
  public record Result(
      List<FieldError> errors, Map<String, String> slots, List<Fire> fires, String zone) {

    public boolean valid() {
      return errors.isEmpty();
    }

    public String slot(String name) {
      return slots.getOrDefault(name, "");
    }

    /** Errors with no form field of their own (shown in the summary only). */
    public boolean hasSlot(FieldError error) {
      return slotOf(error.field()) != null;
    }
  }

  private final JobService jobs;

  DraftCheck(JobService jobs) {
    this.jobs = jobs;
  }

  /**
   * @param from the preview starts after this instant (now, or the draft's "preview from")
   */
  Result check(Drafts draft, Instant from) {
    List<FieldError> errors = new ArrayList<>();
    ObjectNode tree = draft.tree(errors);
    JobSpec spec = null;
    if (errors.isEmpty()) {
      try {
        spec = JobSpecReader.fromTree(tree);
      } catch (ValidationException e) {
        errors.addAll(e.errors());
      }
    }
    if (spec != null) {
      errors.addAll(jobs.check(spec));
      errors.addAll(nameProblems(draft.original(), spec.name()));
    }
    return new Result(
        errors,
        slots(errors, draft.mode()),
        preview(spec, errors, from),
        spec == null ? "UTC" : zoneName(spec));
  }

  private List<FieldError> nameProblems(String original, String name) {
    if (name == null) {
      return List.of();
    }
    if (original.isEmpty() && jobs.get(name).isPresent()) {
      return List.of(new FieldError("name", "a job named '" + name + "' already exists"));
    }
    if (!original.isEmpty() && !original.equals(name)) {
      return List.of(
          new FieldError(
              "name",
              "renaming is not editing: create '"
                  + name
                  + "' as a new job and delete '"
                  + original
                  + "'"));
    }
    return List.of();
  }

  private List<Fire> preview(JobSpec spec, List<FieldError> errors, Instant now) {
    if (spec == null
        || spec.schedule() == null
        || errors.stream().anyMatch(e -> e.field().startsWith("schedule"))) {
      return List.of();
    }
    try {
      Timetable timetable = Timetable.of(spec.allSchedules(), jobs.calendars());
      return SchedulePreview.next(timetable, now, PREVIEW).stream()
          .map(
              f ->
                  new Fire(
                      Fmt.local(f.utc(), timetable.zone()) + " (" + f.local().getOffset() + ")",
                      Fmt.utc(f.utc()),
                      f.dst() == null ? "" : f.dst(),
                      f.excluded() == null ? "" : f.excluded()))
          .toList();
    } catch (ValidationException e) {
      return List.of();
    }
  }

  private static String zoneName(JobSpec spec) {
    try {
      return spec.zone().getId();
    } catch (RuntimeException e) {
      return "UTC";
    }
  }

  /** In YAML mode every error shows beside the text; in form mode beside its field. */
  private static Map<String, String> slots(List<FieldError> errors, String mode) {
    Map<String, String> out = new LinkedHashMap<>();
    for (FieldError error : errors) {
      String slot = mode.equals("yaml") ? "yaml" : slotOf(error.field());
      if (slot != null) {
        String text =
            mode.equals("yaml") || !slot.equals(error.field())
                ? error.field() + ": " + error.message()
                : error.message();
        out.merge(slot, text, (a, b) -> a + "; " + b);
      }
    }
    return out;
  }

  static String slotOf(String field) {
    for (String slot : SLOTS) {
      if (field.equals(slot) || field.startsWith(slot + ".") || field.startsWith(slot + "[")) {
        return slot;
      }
    }
    return null;
  }
}
