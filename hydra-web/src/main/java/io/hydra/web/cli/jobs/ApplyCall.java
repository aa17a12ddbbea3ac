package io.hydra.web.cli.jobs;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hydra.store.json.Json;

/** Builds and sends {@code POST /api/v1/apply} for the jobs read from files. */
public final class ApplyCall {

  private ApplyCall() {}

  public static ServerClient.Response send(
      ServerClient client,
      JobFiles files,
      boolean prune,
      boolean dryRun,
      String source,
      String ifRevision) {
    ObjectNode body = Json.json().createObjectNode();
    ArrayNode jobs = body.putArray("jobs");
    files.trees().forEach(jobs::add);
    body.put("prune", prune);
    body.put("dryRun", dryRun);
    if (source != null && !source.isBlank()) {
      body.put("source", source);
    }
    if (ifRevision != null) {
      body.put("ifRevision", ifRevision);
    }
    return client.post("/api/v1/apply", body);
  }
}
