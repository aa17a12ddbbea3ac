package io.hydra.core.run;

import io.hydra.core.job.Resources;
import java.util.Locale;

/** Cpus and memory (MB): a machine's budget, what is in use, or what a task needs. */
public record Capacity(double cpus, double memMb) {

  public static final Capacity NONE = new Capacity(0, 0);

  public static Capacity of(Resources resources) {
    Resources r = resources == null ? Resources.DEFAULT : resources.normalized();
    return new Capacity(r.cpus(), r.mem());
  }

  public boolean fits(Capacity need) {
    // A small tolerance, so ten tasks of 0.1 cpus fill exactly one cpu.
    return need.cpus <= cpus + 1e-9 && need.memMb <= memMb + 1e-9;
  }

  public Capacity minus(Capacity other) {
    return new Capacity(cpus - other.cpus, memMb - other.memMb);
  }

  public Capacity times(int n) {
    return new Capacity(cpus * n, memMb * n);
  }

  public Capacity plus(Capacity other) {
    return new Capacity(cpus + other.cpus, memMb + other.memMb);
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "%.2f cpus and %.0f MB", cpus, memMb);
  }
}
