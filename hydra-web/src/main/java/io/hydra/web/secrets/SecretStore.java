package io.hydra.web.secrets;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Optional;
import java.util.Properties;

/**
 * Secrets by name from a properties file ({@code NAME=value}), re-read when it changes so a rotated
 * secret reaches the next launch. Values never leave this class except into a task's environment.
 */
public final class SecretStore {

  private final Path file;
  private Properties secrets = new Properties();
  private FileTime readAt;

  public SecretStore(Path file) {
    this.file = file;
    if (!Files.isReadable(file)) {
      throw new IllegalArgumentException("--secrets-file: cannot read " + file);
    }
  }

  public synchronized Optional<String> get(String name) {
    try {
      FileTime modified = Files.getLastModifiedTime(file);
      if (!modified.equals(readAt)) {
        Properties fresh = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
          fresh.load(in);
        }
        secrets = fresh;
        readAt = modified;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the secrets file " + file, e);
    }
    return Optional.ofNullable(secrets.getProperty(name));
  }
}
