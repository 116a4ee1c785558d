package dev.microevent.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.microevent.core.config.ConfigEvent;
import dev.microevent.core.config.SyncResult;
import dev.microevent.core.spi.ConfigSection;
import dev.microevent.core.spi.JsonCodec;
import dev.microevent.core.spi.MicroEventModule;
import dev.microevent.core.spi.ModuleContext;
import dev.microevent.core.time.VirtualTime;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import mockwebserver3.MockResponse;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A module owns a section of the plane's config document: it is validated with the rest of the
 * document (one problem rejects it all) and applied with it.
 */
class ModuleConfigSectionIT {
  private final VirtualTime time = VirtualTime.startingAt(Instant.parse("2026-06-01T18:00:00Z"));
  private final AtomicReference<String> document = new AtomicReference<>();
  private final AtomicReference<String> etag = new AtomicReference<>("\"none\"");
  private final List<ConfigEvent> events = new ArrayList<>();
  @TempDir
  Path dir;
  private TestPlane edge;
  private MicroEventClient client;

  /** What the module under test was last told: the target, or null for "your builder's". */
  private final List<@Nullable Double> applied = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws Exception {
    edge = new TestPlane("edge-a").serving(r -> {
      if (etag.get().equals(r.getHeaders().get("If-None-Match"))) {
        return new MockResponse.Builder().code(304).build();
      }
      return new MockResponse.Builder().code(200).addHeader("ETag", etag.get())
          .addHeader("Content-Type", "application/json").body(document.get()).build();
    });
    client = newClient();
  }

  private MicroEventClient.Builder builder() {
    return MicroEventClient.builder()
        .addEdgePlane(edge.edge(0))
        .clock(time.clock())
        .scheduler(time.scheduler())
        .healthChecksEnabled(false)
        .configFile(dir.resolve("edge-config.json"));
  }

  private MicroEventClient newClient() {
    MicroEventClient c = builder().build();
    c.config().addListener(events::add);
    return c;
  }

  /** How a test's section reads its JSON. */
  @FunctionalInterface
  private interface Reader<T> {
    @Nullable T parse(JsonCodec codec, byte[] json, ConfigSection.Problems problems);
  }

  /** A module that registers one section. */
  private static <T> MicroEventModule module(String name, String section, Reader<T> reader,
      Consumer<@Nullable T> applier) {
    return new MicroEventModule() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public void install(ModuleContext context) {
        context.addConfigSection(new ConfigSection<T>() {
          @Override
          public String name() {
            return section;
          }

          @Override
          public @Nullable T parse(byte[] json, Problems problems) {
            return reader.parse(context.runtime().json(), json, problems);
          }

          @Override
          public void apply(@Nullable T value) {
            applier.accept(value);
          }
        });
      }
    };
  }

  @AfterEach
  void stop() {
    client.close();
    edge.close();
  }

  record Cache(double localReadTarget) {}

  /** A module owning {@code cache}: a share between 0 and 1, nothing else. */
  private static MicroEventModule cacheModule(List<@Nullable Double> into) {
    return module("cache-owner", "cache", (codec, json, problems) -> {
      @SuppressWarnings("unchecked")
      Map<String, Object> m = codec.read(json, Map.class);
      for (String k : m.keySet()) {
        if (!k.equals("localReadTarget")) {
          problems.report(k, "not a member of the cache section");
        }
      }
      if (!(m.get("localReadTarget") instanceof Number n) || n.doubleValue() < 0 || n.doubleValue() > 1) {
        problems.report("localReadTarget", "a share between 0 and 1");
        return null;
      }
      return new Cache(n.doubleValue());
    }, (Cache value) -> into.add(value == null ? null : value.localReadTarget()));
  }

  private SyncResult publish(String version, String doc) {
    document.set(doc);
    etag.set("\"" + version + "\"");
    return client.config().syncNow();
  }

  @Test
  void aModulesSection_isAppliedWithTheDocument_andADocumentWithoutIt_handsTheModuleBackToItsBuilder() {
    client.runtime().install(cacheModule(applied));

    assertThat(publish("v1", "{\"version\":\"v1\",\"cache\":{\"localReadTarget\":0.7}}")).isEqualTo(SyncResult.APPLIED);
    assertThat(publish("v2", "{\"version\":\"v2\",\"flags\":{\"x\":true}}")).isEqualTo(SyncResult.APPLIED);

    assertThat(applied).containsExactly(0.7, null);
  }

  @Test
  void aProblemInAModulesSection_rejectsTheWholeDocument_andTheClientKeepsTheOneItRuns() {
    client.runtime().install(cacheModule(applied));
    publish("v1", "{\"version\":\"v1\",\"cache\":{\"localReadTarget\":0.7},\"flags\":{\"x\":false}}");

    SyncResult r = publish("v2", "{\"version\":\"v2\",\"cache\":{\"localReadTarget\":7,\"weight\":1},"
        + "\"flags\":{\"x\":true}}");

    assertThat(r).isEqualTo(SyncResult.REJECTED);
    assertThat(events.get(events.size() - 1).problems())
        .containsExactlyInAnyOrder("$.cache.weight: not a member of the cache section",
            "$.cache.localReadTarget: a share between 0 and 1");
    assertThat(client.config().current().version()).isEqualTo("v1");
    assertThat(client.config().flag("x", true)).as("the core's sections of the refused document are not applied")
        .isFalse();
    assertThat(applied).containsExactly(0.7);
  }

  @Test
  void aModuleInstalledAfterTheDocumentCame_getsItsSectionAtOnce() {
    publish("v1", "{\"version\":\"v1\",\"cache\":{\"localReadTarget\":0.6}}");
    assertThat(applied).isEmpty();

    client.runtime().install(cacheModule(applied));

    assertThat(applied).containsExactly(0.6);
  }

  @Test
  void aSectionTheDocumentCarriedBeforeTheModuleCame_thatTheModuleRefuses_isNotApplied() {
    publish("v1", "{\"version\":\"v1\",\"cache\":{\"localReadTarget\":\"most\"},\"flags\":{\"x\":true}}");
    assertThat(client.config().flag("x", false)).as("without an owner the section was not checked").isTrue();

    client.runtime().install(cacheModule(applied));

    assertThat(applied).isEmpty();
  }

  @Test
  void theDocumentSavedToFile_reachesAModuleInstalledOnTheBuilder_onTheNextStart() {
    client.runtime().install(cacheModule(applied));
    publish("v1", "{\"version\":\"v1\",\"cache\":{\"localReadTarget\":0.7}}");
    client.close();
    List<@Nullable Double> second = new CopyOnWriteArrayList<>();

    client = builder().install(cacheModule(second)).build();

    assertThat(second).containsExactly(0.7);
  }

  /** A module owning {@code probes} whose parse or apply throws, counting its calls. */
  private static MicroEventModule throwing(boolean inParse, List<String> calls) {
    return module("thrower", "probes", (codec, json, problems) -> {
      calls.add("parse");
      if (inParse) {
        throw new IllegalStateException("parse boom");
      }
      return new String(json, StandardCharsets.UTF_8);
    }, (String value) -> {
      calls.add("apply " + value);
      throw new IllegalStateException("apply boom");
    });
  }

  @Test
  void aSectionWhoseApplyThrows_leavesTheRestOfTheDocumentApplied() {
    List<String> calls = new CopyOnWriteArrayList<>();
    client.runtime().install(throwing(false, calls));

    assertThat(publish("v1", "{\"version\":\"v1\",\"probes\":{},\"flags\":{\"x\":true}}")).isEqualTo(SyncResult.APPLIED);
    assertThat(client.config().flag("x", false)).isTrue();
    assertThat(calls).as("parsed once, in the document's one pass, and applied").containsExactly("parse", "apply {}");
  }

  @Test
  void aSectionWhoseParseThrows_rejectsTheDocument_withTheExceptionsMessageAsItsProblem() {
    client.runtime().install(throwing(true, new CopyOnWriteArrayList<>()));

    assertThat(publish("v1", "{\"version\":\"v1\",\"probes\":{},\"flags\":{\"x\":true}}")).isEqualTo(SyncResult.REJECTED);
    assertThat(events.get(events.size() - 1).problems()).containsExactly("$.probes: parse boom");
    assertThat(client.config().flag("x", false)).isFalse();
  }

  @Test
  void aModuleWhoseInstallFails_leavesNoSectionBehind_soAnotherModuleMayOwnIt() {
    MicroEventModule cache = cacheModule(applied);
    MicroEventModule half = new MicroEventModule() {
      @Override
      public String name() {
        return "half";
      }

      @Override
      public void install(ModuleContext context) {
        cache.install(context);
        throw new IllegalStateException("failed after registering its section");
      }
    };
    assertThatThrownBy(() -> client.runtime().install(half)).hasMessageContaining("failed after");

    client.runtime().install(cacheModule(applied));
    assertThat(publish("v1", "{\"version\":\"v1\",\"cache\":{\"localReadTarget\":0.7}}")).isEqualTo(SyncResult.APPLIED);
    assertThat(applied).containsExactly(0.7);
  }

  @Test
  void aSavedDocumentWhoseSectionABuilderModuleRefuses_isRefusedWhole_atTheNextStart() throws Exception {
    Files.writeString(dir.resolve("edge-config.json"), "{\"etag\":\"\\\"v9\\\"\",\"document\":"
        + "{\"version\":\"v9\",\"cache\":{\"localReadTarget\":3},\"flags\":{\"x\":true}}}");
    List<@Nullable Double> second = new CopyOnWriteArrayList<>();

    try (MicroEventClient restarted = builder().install(cacheModule(second)).build()) {
      assertThat(restarted.config().current().version()).as("checked with the module's section, not before it")
          .isEqualTo("local");
      assertThat(restarted.config().flag("x", false)).isFalse();
      assertThat(second).isEmpty();
    }
  }

  @Test
  void aSectionNamedLikeTheCoresOwn_orOwnedAlready_orMalformed_isRefusedAtInstall() {
    client.runtime().install(cacheModule(applied));
    for (String name : List.of("policies", "cache", "Cache", "a-b", "")) {
      assertThatThrownBy(() -> client.runtime().install(module("other-" + name.hashCode(), name,
          (codec, json, problems) -> "", (String value) -> {}))).as(name).isInstanceOf(IllegalArgumentException.class);
    }
  }
}
