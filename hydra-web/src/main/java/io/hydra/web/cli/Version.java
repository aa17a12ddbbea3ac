package io.hydra.web.cli;

import picocli.CommandLine;

/** Prints the version from the jar manifest, or "development" when run from classes. */
final class Version implements CommandLine.IVersionProvider {

  @Override
  public String[] getVersion() {
    String version = Main.class.getPackage().getImplementationVersion();
    return new String[] {"hydra " + (version == null ? "development" : version)};
  }
}
