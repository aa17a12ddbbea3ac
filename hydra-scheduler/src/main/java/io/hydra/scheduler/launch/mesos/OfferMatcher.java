package io.hydra.scheduler.launch.mesos;

import io.hydra.scheduler.launch.LaunchRequest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.mesos.v1.Protos;

/**
 * Packs queued tasks into offers, first fit in queue order, several tasks per offer. Pure: it
 * decides, the launcher sends. The work is proportional to offers × queued tasks; only the jobs of
 * queued tasks are looked up in the placements, never all jobs.
 */
final class OfferMatcher {

  /** One task placed on one offer, with the resources cut from it. */
  record Placement(QueuedTask task, List<Protos.Resource> resources) {}

  private OfferMatcher() {}

  /**
   * Returns, per offer id (in offer order), the tasks placed on it; offers without a task are
   * absent.
   *
   * @param placements for a job, the agent attributes of its active tasks
   */
  static Map<Protos.OfferID, List<Placement>> match(
      List<Protos.Offer> offers,
      Collection<QueuedTask> queue,
      Function<String, Collection<Map<String, String>>> placements) {
    Map<Protos.OfferID, List<Placement>> out = new LinkedHashMap<>();
    if (queue.isEmpty() || offers.isEmpty()) {
      return out;
    }
    List<OfferResources> free = new ArrayList<>(offers.size());
    List<Map<String, String>> attributes = new ArrayList<>(offers.size());
    for (Protos.Offer o : offers) {
      free.add(new OfferResources(o));
      attributes.add(AgentAttributes.of(o));
    }
    // Placements decided in this round count for the constraints of later tasks of the job.
    Map<String, List<Map<String, String>>> tentative = new HashMap<>();
    for (QueuedTask task : queue) {
      LaunchRequest r = task.request();
      List<Map<String, String>> others = null;
      for (int i = 0; i < offers.size(); i++) {
        OfferResources res = free.get(i);
        if (!res.fits(r.cpus(), r.memMb(), r.diskMb(), r.gpus())) {
          continue;
        }
        if (!task.constraints().isEmpty()) {
          if (others == null) {
            others = new ArrayList<>(placements.apply(r.job()));
            others.addAll(tentative.getOrDefault(r.job(), List.of()));
          }
          Map<String, String> agent = attributes.get(i);
          List<Map<String, String>> view = others;
          if (!task.constraints().stream().allMatch(c -> c.matches(agent, view))) {
            continue;
          }
        }
        List<Protos.Resource> taken = res.take(r.cpus(), r.memMb(), r.diskMb(), r.gpus());
        out.computeIfAbsent(offers.get(i).getId(), k -> new ArrayList<>())
            .add(new Placement(task, taken));
        tentative.computeIfAbsent(r.job(), k -> new ArrayList<>()).add(attributes.get(i));
        break;
      }
    }
    return out;
  }
}
