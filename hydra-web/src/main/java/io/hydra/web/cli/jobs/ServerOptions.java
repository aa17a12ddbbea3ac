package io.hydra.web.cli.jobs;

import picocli.CommandLine.Option;

/** Where the client commands find the server, and how they identify themselves. */
public final class ServerOptions {

  @Option(
      names = "--server",
      paramLabel = "URL",
      defaultValue = "${env:HYDRA_SERVER:-http://127.0.0.1:8080}",
      description = "Hydra server (default: ${DEFAULT-VALUE}; env HYDRA_SERVER).")
  String server;

  @Option(
      names = "--token",
      paramLabel = "TOKEN",
      defaultValue = "${env:HYDRA_TOKEN}",
      description = "Bearer token sent to the server (env HYDRA_TOKEN).")
  String token;

  public ServerClient client() {
    return new ServerClient(server, token);
  }
}
