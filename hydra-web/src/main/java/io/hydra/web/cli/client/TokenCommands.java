package io.hydra.web.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code hydra token create|list|revoke}: manage API tokens (needs an admin token). */
@Command(
    name = "token",
    mixinStandardHelpOptions = true,
    description = "Create, list and revoke API tokens (needs an admin --token).",
    subcommands = {
      TokenCommands.Create.class,
      TokenCommands.ListTokens.class,
      TokenCommands.Revoke.class,
      CommandLine.HelpCommand.class
    })
public final class TokenCommands implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description = "Create a token; its secret is printed once and never shown again.")
  static final class Create extends RunCommands.ClientCommand {
    @Parameters(paramLabel = "NAME")
    String name;

    @Option(names = "--role", required = true, description = "viewer, operator or admin")
    String role;

    @Option(
        names = "--owner",
        description = "Limit the token to jobs of this owner " + "(repeatable; default: every job)")
    List<String> owners;

    @Override
    public Integer call() {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("name", name);
      body.put("role", role);
      if (owners != null && !owners.isEmpty()) {
        body.put("owners", owners);
      }
      JsonNode answer = api().post("/api/v1/tokens", body);
      out().println(answer.path("token").asText());
      spec.commandLine()
          .getErr()
          .println(
              "Token '" + name + "' (" + role + ") created; store it now, it is not shown again.");
      return 0;
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List the tokens.")
  static final class ListTokens extends RunCommands.ClientCommand {
    @Override
    public Integer call() {
      for (JsonNode token : api().get("/api/v1/tokens").path("items")) {
        String owners =
            token.path("owners").isArray() ? token.path("owners").toString() : "all jobs";
        out()
            .println(
                token.path("name").asText()
                    + "\t"
                    + token.path("role").asText()
                    + "\t"
                    + owners
                    + "\tby "
                    + token.path("createdBy").asText()
                    + " at "
                    + token.path("createdAt").asText());
      }
      return 0;
    }
  }

  @Command(
      name = "revoke",
      mixinStandardHelpOptions = true,
      description = "Revoke a token: it stops working at once.")
  static final class Revoke extends RunCommands.ClientCommand {
    @Parameters(paramLabel = "NAME")
    String name;

    @Override
    public Integer call() {
      api().delete("/api/v1/tokens/" + URLEncoder.encode(name, StandardCharsets.UTF_8));
      out().println("Token '" + name + "' revoked.");
      return 0;
    }
  }
}
