package io.hydra.web.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;

/** The calendar operations, for {@link OpenApiResponsesTest}: each answers as documented. */
final class OpenApiCalendarCalls {

  private OpenApiCalendarCalls() {}

  static void exercise(OpenApiCalls admin) {
    admin.expect(
        201,
        "PUT",
        "/api/v1/calendars/oa-holidays",
        "{\"kind\":\"calendar\",\"description\":\"two days\","
            + "\"dates\":[\"2026-12-25\",\"2026-12-24\"]}");
    admin.expect(200, "PUT", "/api/v1/calendars/oa-holidays", "{\"dates\":[\"2026-12-25\"]}");
    admin.expect(200, "GET", "/api/v1/calendars", null);
    admin.expect(200, "GET", "/api/v1/calendars/oa-holidays", null);
    JsonNode preview =
        admin
            .expect(
                200,
                "POST",
                "/api/v1/schedule/preview",
                "{\"cron\":\"0 9 * * *\",\"calendar\":\"oa-holidays\","
                    + "\"from\":\"2026-12-24T12:00:00Z\",\"count\":2}")
            .json();
    assertThat(preview.at("/fires/0/excluded").asText()).isEqualTo("calendar oa-holidays");
    admin.expect(400, "PUT", "/api/v1/calendars/oa-bad", "{\"dates\":[\"2026-02-30\"]}");
    admin.expect(404, "GET", "/api/v1/calendars/oa-missing", null);
    admin.expect(204, "DELETE", "/api/v1/calendars/oa-holidays", null);
  }
}
