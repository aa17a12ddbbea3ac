package io.hydra.web.auth;

import io.hydra.core.error.ValidationException;
import java.util.Locale;

/** What a token may do; each role includes the rights of the ones before it. */
public enum Role {
  /** Reads everything (GET). */
  VIEWER,
  /** Also triggers, re-runs, kills, skips, marks success, pauses, resumes and backfills. */
  OPERATOR,
  /** Also defines jobs (create, change, delete, apply) and manages tokens. */
  ADMIN;

  public boolean includes(Role other) {
    return compareTo(other) >= 0;
  }

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Role fromWire(String field, String value) {
    for (Role role : values()) {
      if (role.wireName().equals(value)) {
        return role;
      }
    }
    throw ValidationException.of(field, "must be viewer, operator or admin, not '" + value + "'");
  }
}
