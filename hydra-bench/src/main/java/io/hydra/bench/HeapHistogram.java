package io.hydra.bench;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * Where the heap goes: the live objects of this JVM by class, from the HotSpot DiagnosticCommand
 * {@code GC.class_histogram} (what {@code jcmd PID GC.class_histogram} prints; it runs a full GC
 * first, so only reachable objects count). Read in-process, so the bench needs no {@code jcmd}.
 */
public final class HeapHistogram {

  /** One class: how many live instances and their shallow size in bytes. */
  public record Entry(String className, long instances, long bytes) {}

  // "   1:       1234567      98765432  java.lang.String (java.base@17.0.15)"
  private static final Pattern LINE = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)");

  private HeapHistogram() {}

  /** The heap in use, in bytes, after a full GC: what the live objects hold. */
  public static long usedAfterGc() {
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  /** The {@code count} classes with the most bytes, largest first. */
  public static List<Entry> top(int count) throws JMException {
    String text =
        (String)
            ManagementFactory.getPlatformMBeanServer()
                .invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"),
                    "gcClassHistogram",
                    new Object[] {new String[0]},
                    new String[] {String[].class.getName()});
    return parse(text, count);
  }

  /** The first {@code count} entries of a histogram's text (it lists the largest first). */
  static List<Entry> parse(String text, int count) {
    List<Entry> out = new ArrayList<>();
    for (String line : text.split("\n")) {
      Matcher m = LINE.matcher(line);
      if (m.find()) {
        out.add(new Entry(m.group(3), Long.parseLong(m.group(1)), Long.parseLong(m.group(2))));
        if (out.size() == count) {
          break;
        }
      }
    }
    return out;
  }
}
