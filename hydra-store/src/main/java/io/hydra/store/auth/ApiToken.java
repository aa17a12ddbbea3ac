package io.hydra.store.auth;

import java.time.Instant;
import java.util.Set;

/**
 * A row of {@code api_token}: a token by name, its role's wire name and the owners it may act for
 * (null: every owner). Only the hash of its secret is kept.
 */
public record ApiToken(
    String name,
    String role,
    Set<String> owners,
    byte[] secretHash,
    String createdBy,
    Instant createdAt) {}
