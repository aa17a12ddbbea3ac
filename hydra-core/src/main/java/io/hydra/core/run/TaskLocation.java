package io.hydra.core.run;

/**
 * Where an attempt's task runs, as its launcher identifies it; recorded with the attempt so that a
 * later launcher can tell whether it is able to see the task at all.
 *
 * <p>For the local launcher: the machine's host name, the canonical path of the sandbox root (the
 * tasks directory) and the random id written once into a marker file in that root. The id is what
 * tells two roots apart (the same path on two machines, or a directory recreated under the same
 * name); host and path say, to a person, where it is. For Mesos: the agent's host name, no root,
 * and the agent id.
 *
 * @param host the machine, for people (may be null when unknown)
 * @param root the sandbox root's canonical path, or null where the launcher has none (Mesos)
 * @param id the identity that decides sameness: the root's marker id, or the Mesos agent id
 */
public record TaskLocation(String host, String root, String id) {

  public TaskLocation {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("a task location needs an id");
    }
  }

  /** A Mesos agent, by id, with its host name when known. */
  public static TaskLocation mesosAgent(String agentId, String host) {
    return new TaskLocation(host, null, agentId);
  }

  /** The location as stored, or null when any of its parts is missing (attempts before V9). */
  public static TaskLocation ofNullable(String host, String root, String id) {
    return id == null ? null : new TaskLocation(host, root, id);
  }

  /** E.g. {@code host a1, root /var/lib/hydra/tasks (id 3f0c...)}, or {@code host a1 (id S0)}. */
  public String describe() {
    StringBuilder b = new StringBuilder("host ").append(host == null ? "unknown" : host);
    if (root != null) {
      b.append(", root ").append(root);
    }
    return b.append(" (id ").append(id).append(')').toString();
  }
}
