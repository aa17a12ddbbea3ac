package io.hydra.core.schedule;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.parser.CronParser;
import io.hydra.core.error.ValidationException;
import io.hydra.core.job.CronDialect;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Parses cron text in one of the two dialects, with errors that say which dialect would fit. */
final class CronDialects {

  private static final CronParser UNIX =
      new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
  private static final CronParser QUARTZ =
      new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.QUARTZ));

  /** Vixie cron's macros, spelled out; {@code @reboot} has no meaning for a cluster scheduler. */
  private static final Map<String, String> MACROS =
      Map.of(
          "@yearly", "0 0 1 1 *",
          "@annually", "0 0 1 1 *",
          "@monthly", "0 0 1 * *",
          "@weekly", "0 0 * * 0",
          "@daily", "0 0 * * *",
          "@midnight", "0 0 * * *",
          "@hourly", "0 * * * *");

  private CronDialects() {}

  static Cron parse(String expression, CronDialect dialect) {
    String text = expression == null ? "" : expression.trim();
    if (text.isEmpty()) {
      throw ValidationException.of("schedule.cron", "is empty");
    }
    Optional<Cron> parsed = tryParse(text, dialect);
    if (parsed.isPresent()) {
      return parsed.get();
    }
    throw ValidationException.of("schedule.cron", explain(text, dialect));
  }

  private static Optional<Cron> tryParse(String text, CronDialect dialect) {
    try {
      Cron cron = dialect == CronDialect.QUARTZ ? QUARTZ.parse(text) : UNIX.parse(unixMacro(text));
      return Optional.of(cron.validate());
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static String unixMacro(String text) {
    if (!text.startsWith("@")) {
      return text;
    }
    String expanded = MACROS.get(text.toLowerCase(Locale.ROOT));
    if (expanded == null) {
      throw new IllegalArgumentException("unknown macro");
    }
    return expanded;
  }

  private static String explain(String text, CronDialect dialect) {
    CronDialect other = dialect == CronDialect.QUARTZ ? CronDialect.UNIX : CronDialect.QUARTZ;
    if (tryParse(text, other).isPresent()) {
      return other == CronDialect.QUARTZ
          ? "'"
              + text
              + "' is not a Unix cron expression but is valid Quartz (seconds first);"
              + " set schedule.dialect: quartz"
          : "'"
              + text
              + "' is not a Quartz cron expression but is valid Unix cron;"
              + " set schedule.dialect: unix (the default)";
    }
    String why = reason(text, dialect);
    return dialect == CronDialect.QUARTZ
        ? "'"
            + text
            + "' is not a valid Quartz cron expression (6 or 7 fields, seconds first,"
            + " '?' in day-of-month or day-of-week)"
            + why
        : "'"
            + text
            + "' is not a valid Unix cron expression (5 fields: minute hour"
            + " day-of-month month day-of-week, or @hourly, @daily, @weekly, @monthly, @yearly)"
            + why;
  }

  private static String reason(String text, CronDialect dialect) {
    try {
      if (dialect == CronDialect.QUARTZ) {
        QUARTZ.parse(text).validate();
      } else {
        UNIX.parse(unixMacro(text)).validate();
      }
      return "";
    } catch (IllegalArgumentException e) {
      String message = e.getMessage();
      return message == null || message.isBlank() || message.equals("unknown macro")
          ? ""
          : ": " + message;
    }
  }
}
