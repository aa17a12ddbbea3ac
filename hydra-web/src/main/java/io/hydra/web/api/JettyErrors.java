package io.hydra.web.api;

import io.hydra.store.json.Json;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;

/**
 * Requests Jetty refuses before Javalin sees them (a NUL in the path, a malformed header) get the
 * API's error shape too, instead of Jetty's HTML page.
 */
final class JettyErrors extends ErrorHandler {

  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    fields.put(new HttpField(HttpHeader.CONTENT_TYPE, "application/json"));
    return ByteBuffer.wrap(body(status, reason).getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void handle(
      String target, Request baseRequest, HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    baseRequest.setHandled(true);
    response.setContentType("application/json");
    response
        .getOutputStream()
        .write(body(response.getStatus(), null).getBytes(StandardCharsets.UTF_8));
  }

  private static String body(int status, String reason) {
    String message = reason == null || reason.isBlank() ? "the request is malformed" : reason;
    return Json.write(
        Map.of(
            "error",
            Map.of(
                "code",
                status == 413 ? "too_large" : "bad_request",
                "message",
                message,
                "fields",
                List.of())));
  }
}
