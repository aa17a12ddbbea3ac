package io.hydra.core.job;

/** What one attempt needs: cpus, memory and disk in MB, gpus. */
public record Resources(Double cpus, Double mem, Double disk, Integer gpus) {

  public static final Resources DEFAULT = new Resources(0.1, 128.0, 0.0, 0);

  public Resources normalized() {
    return new Resources(
        cpus == null ? DEFAULT.cpus : cpus,
        mem == null ? DEFAULT.mem : mem,
        disk == null ? DEFAULT.disk : disk,
        gpus == null ? DEFAULT.gpus : gpus);
  }
}
