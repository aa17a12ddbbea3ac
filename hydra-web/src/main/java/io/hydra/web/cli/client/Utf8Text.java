package io.hydra.web.cli.client;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Bytes arriving in pieces, as text: a character whose bytes are split between two pieces is held
 * back until its last byte comes, so a followed log never prints half a character.
 */
final class Utf8Text {

  private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

  /** The text of the complete characters so far, holding back a character not complete yet. */
  String append(byte[] piece) {
    pending.writeBytes(piece);
    byte[] all = pending.toByteArray();
    int complete = completeLength(all);
    pending.reset();
    pending.write(all, complete, all.length - complete);
    return new String(all, 0, complete, StandardCharsets.UTF_8);
  }

  /** What is held back, at the end (a broken character decodes as a replacement mark). */
  String rest() {
    String rest = pending.toString(StandardCharsets.UTF_8);
    pending.reset();
    return rest;
  }

  /** The length of the longest prefix that does not end inside a multi-byte character. */
  static int completeLength(byte[] bytes) {
    int n = bytes.length;
    for (int back = 1; back <= Math.min(3, n); back++) {
      int b = bytes[n - back] & 0xff;
      if ((b & 0xc0) == 0x80) {
        continue; // a continuation byte: its lead is further back
      }
      int size = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
      return size > back ? n - back : n;
    }
    return n;
  }
}
