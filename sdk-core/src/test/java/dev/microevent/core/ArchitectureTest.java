package dev.microevent.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noFields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noCodeUnits;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Keeps sdk-core free of sibling modules, library and internal types out of the public API and the
 * SPI, every duration on the one ticker, and every HTTP exchange on the one transport.
 */
class ArchitectureTest {
  private static final List<String> HIDDEN =
      List.of("okhttp3", "okio", "com.fasterxml", "dev.failsafe", "org.bouncycastle", "mockwebserver3",
          "com.github.benmanes");
  private static final JavaClasses CORE = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("dev.microevent.core");

  private static boolean hidden(JavaClass c) {
    String name = c.getName();
    return HIDDEN.stream().anyMatch(p -> name.startsWith(p + "."))
        || name.contains(".internal.");
  }

  private static final DescribedPredicate<JavaCodeUnit> PUBLIC_API = new DescribedPredicate<>("public API") {
    @Override
    public boolean test(JavaCodeUnit m) {
      JavaClass owner = m.getOwner();
      return m.getModifiers().contains(JavaModifier.PUBLIC)
          && owner.getModifiers().contains(JavaModifier.PUBLIC)
          && !owner.getPackageName().contains(".internal");
    }
  };

  private static final ArchCondition<JavaCodeUnit> EXPOSE_HIDDEN_TYPES =
      new ArchCondition<>("expose OkHttp, Jackson, Failsafe, Bouncy Castle or internal types") {
        @Override
        public void check(JavaCodeUnit m, ConditionEvents events) {
          for (JavaClass c : m.getAllInvolvedRawTypes()) {
            if (hidden(c)) {
              events.add(SimpleConditionEvent.violated(m, m.getFullName() + " exposes " + c.getName()));
            }
          }
        }
      };

  @Test
  void coreDependsOnNoSiblingModule() {
    noClasses().that().resideInAPackage("dev.microevent.core..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "dev.microevent.slices..", "dev.microevent.power..", "dev.microevent.matter..",
            "dev.microevent.commerce..", "dev.microevent.testkit..", "dev.microevent.samples..")
        .check(CORE);
  }

  @Test
  void publicSignaturesExposeNoLibraryOrInternalTypes() {
    noCodeUnits().that(PUBLIC_API).should(EXPOSE_HIDDEN_TYPES).check(CORE);
  }

  @Test
  void publicFieldsExposeNoLibraryOrInternalTypes() {
    noFields().that().arePublic().and().areDeclaredInClassesThat().resideOutsideOfPackage("..internal..")
        .should().haveRawType(new DescribedPredicate<JavaClass>("a library or internal type") {
          @Override
          public boolean test(JavaClass c) {
            return hidden(c);
          }
        })
        .check(CORE);
  }

  @Test
  void publicTypesDoNotExtendLibraryTypes() {
    noClasses().that().arePublic().and().resideOutsideOfPackage("..internal..")
        .should().beAssignableTo(new DescribedPredicate<JavaClass>("a library type") {
          @Override
          public boolean test(JavaClass c) {
            return HIDDEN.stream().anyMatch(p -> c.getName().startsWith(p + "."));
          }
        })
        .check(CORE);
  }

  @Test
  void mainCodeReadsTheTimeOfDayOnlyFromTheInjectedClock() {
    noClasses().should().callMethod(java.time.Instant.class, "now")
        .orShould().callMethod(System.class, "currentTimeMillis")
        .orShould().callMethod(java.time.LocalDateTime.class, "now")
        .orShould().callMethod(java.time.ZonedDateTime.class, "now")
        .check(CORE);
    // The builder's default is the one place the system clock is chosen.
    noClasses().that().doNotHaveFullyQualifiedName(MicroEventClient.Builder.class.getName())
        .should().callMethod(java.time.Clock.class, "systemUTC")
        .orShould().callMethod(java.time.Clock.class, "systemDefaultZone")
        .check(CORE);
  }

  @Test
  void everyPackageIsNullMarked_soNullAwayChecksIt() {
    java.util.Set<String> packages = new java.util.TreeSet<>();
    CORE.forEach(c -> packages.add(c.getPackageName()));

    org.assertj.core.api.Assertions.assertThat(packages)
        .isNotEmpty()
        .allSatisfy(p -> org.assertj.core.api.Assertions.assertThat(
                CORE.getPackage(p).isAnnotatedWith(org.jspecify.annotations.NullMarked.class))
            .as("package %s has a @NullMarked package-info", p).isTrue());
  }

  @Test
  void mainCodeNeitherSleepsNorPrints() {
    noClasses().should().callMethod(Thread.class, "sleep", long.class)
        .orShould().accessField(System.class, "out")
        .orShould().accessField(System.class, "err")
        .orShould().dependOnClassesThat().resideInAPackage("java.util.logging..")
        .check(CORE);
  }

  @Test
  void mainCodeMeasuresTimeOnlyThroughTheTicker() {
    // Ticker.system() is the one place the monotonic clock is read; everything else gets a ticker
    // injected, so virtual time drives deadlines, waits, refills, windows and timings.
    noClasses().that().doNotHaveFullyQualifiedName("dev.microevent.core.time.SystemTicker")
        .should().callMethod(System.class, "nanoTime")
        .because("durations are measured on the client's Ticker")
        .check(CORE);
    noClasses().should().callMethod(Thread.class, "sleep", long.class, int.class)
        .orShould().callMethod(java.util.concurrent.TimeUnit.class, "sleep", long.class)
        .orShould().callMethod(java.util.concurrent.locks.LockSupport.class, "parkNanos", long.class)
        .because("a caller waits for a timer on the client's scheduler (internal.Waiter), never by sleeping")
        .check(CORE);
  }

  @Test
  void mainCodeReadsTimeOnlyThroughCoresTimePackage_theRuleEveryModuleApplies() {
    ArchitectureRules.timeOnlyThroughTheTicker().check(CORE);
  }

  /** Never run: what the shared time rule must catch, a method reference included. */
  static final class ReadsTheSystemClock {
    final java.util.function.LongSupplier reference = System::nanoTime;

    long call() {
      return System.currentTimeMillis();
    }
  }

  @Test
  void theSharedTimeRuleHasTeeth_itFlagsCallsAndMethodReferences_andHonoursItsExemptions() {
    JavaClasses fixture = new ClassFileImporter().importClasses(ReadsTheSystemClock.class);
    org.assertj.core.api.Assertions.assertThat(
            ArchitectureRules.timeOnlyThroughTheTicker().evaluate(fixture).getFailureReport().getDetails())
        .anySatisfy(d -> org.assertj.core.api.Assertions.assertThat(d).contains("System.nanoTime()"))
        .anySatisfy(d -> org.assertj.core.api.Assertions.assertThat(d).contains("System.currentTimeMillis()"));
    // Exempt by name, the fixture is the only class and nothing is left to check: allowed here.
    ArchitectureRules.timeOnlyThroughTheTicker(ReadsTheSystemClock.class.getName()).allowEmptyShould(true)
        .check(fixture);
  }

  @Test
  void everyHttpExchangeGoesThroughTheTransport() {
    // One place reads answers (bounded bodies, outcome of every failure): plane calls, health
    // checks, config sync and RemoteCalls alike.
    noClasses().that().doNotHaveFullyQualifiedName("dev.microevent.core.internal.Transport")
        .should().callMethod("okhttp3.Call", "execute")
        .orShould().callMethod("okhttp3.Call", "enqueue", "okhttp3.Callback")
        .check(CORE);
  }

  @Test
  void everyWebSocketOpensThroughTheWebSocketsPath() {
    // One place opens sessions: on the transport's pool, and cancelled when the client closes.
    noClasses().that().doNotHaveFullyQualifiedName("dev.microevent.core.internal.DefaultWebSockets")
        .should().callMethod("okhttp3.OkHttpClient", "newWebSocket", "okhttp3.Request", "okhttp3.WebSocketListener")
        .check(CORE);
  }

  @Test
  void theSpiSpeaksOnlySdkJdkAndMicrometerTypes() {
    noCodeUnits().that().areDeclaredInClassesThat().resideInAPackage("dev.microevent.core.spi")
        .and(PUBLIC_API)
        .should(new ArchCondition<>("use a type other than the SDK's public ones, the JDK's or Micrometer's") {
          @Override
          public void check(JavaCodeUnit m, ConditionEvents events) {
            for (JavaClass c : m.getAllInvolvedRawTypes()) {
              JavaClass base = c.isArray() ? c.getBaseComponentType() : c;
              String name = base.getName();
              boolean allowed = base.isPrimitive() || name.startsWith("java.") || name.startsWith("io.micrometer.")
                  || (name.startsWith("dev.microevent.core.") && !name.contains(".internal."));
              if (!allowed) {
                events.add(SimpleConditionEvent.violated(m, m.getFullName() + " uses " + name));
              }
            }
          }
        })
        .check(CORE);
  }
}
