package io.hydra.web;

import io.hydra.web.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the hydra CLI in-process and captures what it printed. */
record CliRun(int exit, String out, String err) {

  /** The CLI writes to its own streams, so logs of servers in this JVM cannot mix in. */
  static CliRun of(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new CliRun(exit, out.toString(), err.toString());
  }

  @Override
  public String toString() {
    return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
  }
}
