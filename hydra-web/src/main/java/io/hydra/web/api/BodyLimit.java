package io.hydra.web.api;

import io.javalin.http.Context;
import java.util.Locale;

/**
 * How large a request body may be: {@link #APPLY_BYTES} for {@code POST /api/v1/apply}, which
 * carries a repository's whole job set in one transaction (10,000 definitions are a few MB), and
 * {@link #BYTES} for every other request. A body whose length is declared is refused before it is
 * read; one sent without a length (chunked) is refused once read, and is never read beyond {@link
 * #APPLY_BYTES} (the server's own limit).
 */
final class BodyLimit {

  static final long BYTES = 1_000_000;
  static final long APPLY_BYTES = 64_000_000;

  private BodyLimit() {}

  /** Before anything reads the body: its declared length. */
  static void checkDeclared(Context ctx) {
    long limit = of(ctx);
    if (ctx.contentLength() > limit) {
      throw tooLarge(limit);
    }
  }

  /** Once the body is read: its length, for a body sent without one. */
  static void checkRead(Context ctx, byte[] body) {
    long limit = of(ctx);
    if (body.length > limit) {
      throw tooLarge(limit);
    }
  }

  private static long of(Context ctx) {
    return ctx.path().equals("/api/v1/apply") ? APPLY_BYTES : BYTES;
  }

  private static TooLarge tooLarge(long limit) {
    return new TooLarge(
        String.format(
            Locale.ROOT,
            limit == APPLY_BYTES
                ? "must be at most %,d bytes"
                : "must be at most %,d bytes (POST /api/v1/apply takes up to %,d)",
            limit,
            APPLY_BYTES));
  }

  /** A body over its route's limit: a 413 that names the body and the limit. */
  static final class TooLarge extends RuntimeException {
    TooLarge(String reason) {
      super(reason);
    }
  }
}
