package io.hydra.web.ui;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * What every page's frame needs: its title, the viewer, which menu entry is current, and which
 * job's run events the page listens to ("" for every job).
 */
public record Chrome(String title, Viewer viewer, String nav, String eventsJob) {

  static Chrome of(String title, Viewer viewer, String nav) {
    return new Chrome(title, viewer, nav, "");
  }

  Chrome forJob(String job) {
    return new Chrome(title, viewer, nav, job);
  }

  /** The SSE address the page's script subscribes to. */
  public String eventsUrl() {
    return eventsJob.isEmpty()
        ? "/api/v1/events"
        : "/api/v1/events?job=" + URLEncoder.encode(eventsJob, StandardCharsets.UTF_8);
  }
}
