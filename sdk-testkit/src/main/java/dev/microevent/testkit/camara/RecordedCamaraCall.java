package dev.microevent.testkit.camara;

import org.jspecify.annotations.Nullable;

/**
 * One request the fake operator received.
 *
 * @param operationId the CAMARA operation id (e.g. {@code createSession}, {@code token})
 * @param api the API ({@code qod}, {@code qos-profiles}, {@code slice-booking}, {@code oauth})
 * @param method the HTTP method
 * @param path the request path
 * @param body the request body as text
 * @param status the status the fake answered with
 * @param correlator the {@code x-correlator} header, or {@code null}
 */
public record RecordedCamaraCall(String operationId, String api, String method, String path, String body, int status,
    @Nullable String correlator) {}
