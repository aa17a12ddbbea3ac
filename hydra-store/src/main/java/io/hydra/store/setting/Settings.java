package io.hydra.store.setting;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Small durable values Hydra owns itself (e.g. the Mesos framework id): the {@code setting} table,
 * one row per name.
 */
public final class Settings {

  private final Handle handle;

  public Settings(Handle handle) {
    this.handle = handle;
  }

  public Optional<String> get(String name) {
    return handle
        .createQuery("select value from setting where name = :name")
        .bind("name", name)
        .mapTo(String.class)
        .findOne();
  }

  /** Inserts or replaces the value. */
  public void put(String name, String value, Instant now) {
    Objects.requireNonNull(value, "value of setting " + name);
    handle
        .createUpdate(
            """
            insert into setting (name, value, updated_at) values (:name, :value, :now)
            on conflict (name) do update set value = excluded.value,
                updated_at = excluded.updated_at""")
        .bind("name", name)
        .bind("value", value)
        .bind("now", OffsetDateTime.ofInstant(now, ZoneOffset.UTC))
        .execute();
  }

  public void delete(String name) {
    handle.createUpdate("delete from setting where name = :name").bind("name", name).execute();
  }
}
