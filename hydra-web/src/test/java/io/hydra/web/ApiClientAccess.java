package io.hydra.web;

import static org.assertj.core.api.Assertions.assertThat;

/** Lets tests outside this package use the test HTTP client. */
public final class ApiClientAccess {

  private final ApiClient api;

  public ApiClientAccess(int port) {
    this.api = new ApiClient(port);
  }

  public void createJob(String json) {
    ApiClient.Response r = api.post("/api/v1/jobs", json);
    assertThat(r.status()).as(r.body()).isEqualTo(201);
  }
}
