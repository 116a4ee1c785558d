package dev.microevent.slices;

import dev.microevent.testkit.FakeBackend;
import dev.microevent.testkit.FakeResponse;
import dev.microevent.testkit.ReceivedRequest;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A testkit {@link FakeBackend} on 127.0.0.1 that answers every request {@code {"ok":true}}, and
 * what slice tests ask of it: for every request, the target (the path, or the absolute URI a proxy
 * client sends) and the client's source address, which is what a slice's traffic looks like on
 * the wire. Its {@code stop()} / {@code restart()} are the testkit's total outage on the same port.
 */
final class LoopbackServer implements AutoCloseable {
  private final FakeBackend backend = FakeBackend.start("slice-wire")
      .fallback(request -> FakeResponse.json(200, "{\"ok\":true}"));

  int port() {
    return backend.port();
  }

  URI uri() {
    return backend.uri();
  }

  InetSocketAddress address() {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), port());
  }

  /** Every request received, oldest first. */
  List<ReceivedRequest> seen() {
    return backend.requests();
  }

  /** Source addresses of the requests whose target contains the marker. */
  Set<String> sourcesOf(String marker) {
    return seen().stream().filter(r -> r.target().contains(marker)).map(ReceivedRequest::sourceAddress)
        .collect(Collectors.toSet());
  }

  long count(String marker) {
    return seen().stream().filter(r -> r.target().contains(marker)).count();
  }

  void stop() {
    backend.stop();
  }

  void restart() {
    backend.restart();
  }

  @Override
  public void close() {
    backend.close();
  }
}
