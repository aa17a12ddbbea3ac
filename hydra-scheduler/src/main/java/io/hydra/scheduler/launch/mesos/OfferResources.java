package io.hydra.scheduler.launch.mesos;

import java.util.ArrayList;
import java.util.List;
import org.apache.mesos.v1.Protos;

/**
 * The unclaimed scalar resources of one offer while tasks are packed into it. Task resources are
 * cut from the offer's own Resource messages, so allocation and reservation info (which the master
 * checks under MULTI_ROLE) are carried over unchanged.
 */
final class OfferResources {

  static final String CPUS = "cpus";
  static final String MEM = "mem";
  static final String DISK = "disk";
  static final String GPUS = "gpus";

  /** Mesos keeps scalars in fixed point with three decimals. */
  private static final double EPSILON = 0.0005;

  private static final class Slot {
    final Protos.Resource resource;
    double left;

    Slot(Protos.Resource resource) {
      this.resource = resource;
      this.left = resource.getScalar().getValue();
    }
  }

  private final List<Slot> slots = new ArrayList<>();

  OfferResources(Protos.Offer offer) {
    for (Protos.Resource r : offer.getResourcesList()) {
      if (usable(r)) {
        slots.add(new Slot(r));
      }
    }
  }

  /**
   * Plain scalar resources only: revocable ones may vanish under a batch job, and persistent or
   * mount disks would need volumes the task does not declare.
   */
  private static boolean usable(Protos.Resource r) {
    return r.getType() == Protos.Value.Type.SCALAR
        && !r.hasRevocable()
        && !(r.hasDisk() && (r.getDisk().hasPersistence() || r.getDisk().hasSource()))
        && !r.hasShared();
  }

  double available(String name) {
    double sum = 0;
    for (Slot s : slots) {
      if (s.resource.getName().equals(name)) {
        sum += s.left;
      }
    }
    return sum;
  }

  boolean fits(double cpus, double mem, double disk, double gpus) {
    return available(CPUS) + EPSILON >= cpus
        && available(MEM) + EPSILON >= mem
        && available(DISK) + EPSILON >= disk
        && available(GPUS) + EPSILON >= gpus;
  }

  /** Claims the amounts (call {@link #fits} first) and returns the task's Resource messages. */
  List<Protos.Resource> take(double cpus, double mem, double disk, double gpus) {
    List<Protos.Resource> out = new ArrayList<>();
    take(CPUS, cpus, out);
    take(MEM, mem, out);
    take(DISK, disk, out);
    take(GPUS, gpus, out);
    return out;
  }

  private void take(String name, double amount, List<Protos.Resource> out) {
    double want = round(amount);
    for (Slot s : slots) {
      if (want <= EPSILON) {
        return;
      }
      if (!s.resource.getName().equals(name) || s.left <= EPSILON) {
        continue;
      }
      double part = round(Math.min(want, s.left));
      s.left = round(s.left - part);
      want = round(want - part);
      out.add(
          s.resource.toBuilder()
              .setScalar(Protos.Value.Scalar.newBuilder().setValue(part))
              .build());
    }
    if (want > EPSILON) {
      throw new IllegalStateException("offer has too little " + name);
    }
  }

  private static double round(double v) {
    return Math.round(v * 1000.0) / 1000.0;
  }
}
