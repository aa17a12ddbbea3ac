package io.hydra.web.cli.client;

import picocli.CommandLine.Option;

/** Where a client command finds the server, shared by every client command. */
public final class ServerOptions {

  @Option(names = "--server", defaultValue = "${env:HYDRA_SERVER:-http://127.0.0.1:8080}",
      description = "Hydra server URL (default: ${DEFAULT-VALUE}; env HYDRA_SERVER).")
  String server;

  @Option(names = "--token", defaultValue = "${env:HYDRA_TOKEN}",
      description = "Bearer token (env HYDRA_TOKEN).")
  String token;

  public ApiCall api() {
    return new ApiCall(server, token);
  }
}
