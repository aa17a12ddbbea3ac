package io.hydra.scheduler.launch.mesos;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.Executor;

/**
 * Requests to a master's scheduler endpoint: protobuf both ways, with the configured credentials.
 */
final class SchedulerRequests {

  static final String PROTOBUF = "application/x-protobuf";

  private SchedulerRequests() {}

  static HttpClient client(MesosConfig config, Executor executor) {
    return HttpClient.newBuilder()
        // libprocess speaks HTTP/1.1 only; an h2c upgrade attempt is pointless there.
        .version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NEVER) // we must learn the leader from a 307
        .connectTimeout(config.requestTimeout())
        .executor(executor)
        .build();
  }

  static HttpRequest.Builder to(URI master, MesosConfig config) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(MasterAddress.endpoint(master, MasterAddress.SCHEDULER_PATH))
            .header("Content-Type", PROTOBUF)
            .header("Accept", PROTOBUF);
    String auth = authorization(config);
    if (auth != null) {
      b.header("Authorization", auth);
    }
    return b;
  }

  /** HTTP basic authentication with the principal and secret, or null without a secret. */
  static String authorization(MesosConfig config) {
    if (config.secret() == null) {
      return null;
    }
    String user = config.principal() == null ? "" : config.principal();
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + config.secret()).getBytes(StandardCharsets.UTF_8));
  }
}
