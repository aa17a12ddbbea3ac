package io.hydra.scheduler.launch.mesos;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Mesos RecordIO framing: each record is its length in bytes as decimal ASCII, a newline, then
 * exactly that many bytes. Used by the master for the SUBSCRIBE event stream.
 */
public final class RecordIo {

  /** Records larger than this are treated as a corrupt stream rather than allocated. */
  static final int MAX_RECORD = 256 * 1024 * 1024;

  private RecordIo() {}

  public static byte[] encode(byte[] record) {
    byte[] header = (record.length + "\n").getBytes(StandardCharsets.US_ASCII);
    byte[] out = new byte[header.length + record.length];
    System.arraycopy(header, 0, out, 0, header.length);
    System.arraycopy(record, 0, out, header.length, record.length);
    return out;
  }

  /** Reads one record; null at a clean end of stream (between records). */
  public static byte[] read(InputStream in) throws IOException {
    long length = 0;
    int digits = 0;
    while (true) {
      int c = in.read();
      if (c < 0) {
        if (digits == 0) {
          return null;
        }
        throw new EOFException("stream ended inside a RecordIO length");
      }
      if (c == '\n') {
        break;
      }
      if (c < '0' || c > '9' || ++digits > 10) {
        throw new IOException("not a RecordIO length byte: " + c);
      }
      length = length * 10 + (c - '0');
    }
    if (digits == 0 || length > MAX_RECORD) {
      throw new IOException("bad RecordIO record length " + length);
    }
    byte[] record = in.readNBytes((int) length);
    if (record.length != length) {
      throw new EOFException("stream ended inside a RecordIO record");
    }
    return record;
  }

  /** Convenience for tests and tools: every record of a finished stream. */
  static List<byte[]> readAll(byte[] stream) throws IOException {
    List<byte[]> out = new ArrayList<>();
    InputStream in = new ByteArrayInputStream(stream);
    for (byte[] r = read(in); r != null; r = read(in)) {
      out.add(r);
    }
    return out;
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }
}
