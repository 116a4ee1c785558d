package dev.microevent.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.AccessTarget;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.List;
import java.util.Set;

/**
 * Architecture rules every module applies to its main code, shared through sdk-core's test jar
 * (each module's {@code ArchitectureTest} checks them on its own classes).
 */
public final class ArchitectureRules {
  /** The one package that may read the system's clocks: {@code Ticker.system()} lives there. */
  public static final String TIME_PACKAGE = "dev.microevent.core.time";

  private static final Set<String> CLOCK_READS = Set.of("nanoTime", "currentTimeMillis");

  private ArchitectureRules() {}

  /**
   * No {@code System.nanoTime()}, {@code System.currentTimeMillis()}, {@code Thread.sleep} or
   * {@code TimeUnit.sleep} in main code outside core's time package, called or referenced ({@code
   * System::nanoTime}): durations are measured on an injected {@code Ticker} (virtual time in
   * tests, {@code Ticker.system()} for real time) and waits run on a scheduler.
   *
   * @param exempt classes allowed to anyway, by fully qualified name (their nested classes and
   *     lambdas too); each exemption needs a comment at the call site saying why it needs real time
   * @return the rule
   */
  public static ArchRule timeOnlyThroughTheTicker(String... exempt) {
    List<String> names = List.of(exempt);
    DescribedPredicate<JavaClass> exempted = DescribedPredicate.describe("exempted by name " + names,
        c -> names.stream().anyMatch(n -> c.getName().equals(n) || c.getName().startsWith(n + "$")));
    return classes().that().resideOutsideOfPackage(TIME_PACKAGE + "..")
        .and(DescribedPredicate.not(exempted))
        .should(neitherReadTheSystemClocksNorSleep())
        .because("durations are measured on the injected Ticker and waits run on a scheduler, so virtual "
            + "time drives them in tests (dev.microevent.core.time)");
  }

  /**
   * Module main code uses no OkHttp (or Okio) type: its HTTP remotes go through {@code
   * runtime().remote()} and its WebSockets through {@code runtime().webSockets()}, on the core
   * client's transport, so a wrapped or fake core client works and no module casts it.
   *
   * @return the rule, to check against the module's imported main classes
   */
  public static ArchRule remoteCallsGoThroughTheCoreSpi() {
    return noClasses().should().dependOnClassesThat().resideInAnyPackage("okhttp3..", "okio..")
        .because("a module reaches its remotes through MicroEventClient.runtime() (remote(), webSockets()),"
            + " never through OkHttp or a cast of the core client");
  }

  private static ArchCondition<JavaClass> neitherReadTheSystemClocksNorSleep() {
    return new ArchCondition<>("neither call nor reference System.nanoTime, System.currentTimeMillis or a sleep") {
      @Override
      public void check(JavaClass c, ConditionEvents events) {
        for (JavaAccess<?> access : c.getAccessesFromSelf()) {
          AccessTarget target = access.getTarget();
          String owner = target.getOwner().getName();
          String name = target.getName();
          boolean banned = (owner.equals(System.class.getName()) && CLOCK_READS.contains(name))
              || (owner.equals(Thread.class.getName()) && name.equals("sleep"))
              || (owner.equals(java.util.concurrent.TimeUnit.class.getName()) && name.equals("sleep"));
          if (banned) {
            events.add(SimpleConditionEvent.violated(access, access.getDescription()));
          }
        }
      }
    };
  }
}
