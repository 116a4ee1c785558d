package dev.microevent.slices;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.codeUnits;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import dev.microevent.core.ArchitectureRules;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The module's boundaries: public signatures expose neither internals nor library types, no
 * sibling module is used, and main code neither sleeps nor prints.
 */
class ArchitectureTest {
  private static final JavaClasses MAIN = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("dev.microevent.slices");

  private static boolean leaks(JavaClass type) {
    String name = type.getName();
    return name.contains(".internal.") || name.startsWith("okhttp3.") || name.startsWith("okio.")
        || name.startsWith("com.fasterxml.") || name.startsWith("dev.failsafe.")
        || name.startsWith("org.bouncycastle.");
  }

  private static List<JavaClass> involved(JavaType type) {
    return new ArrayList<>(type.getAllInvolvedRawTypes());
  }

  private static ArchCondition<JavaCodeUnit> exposeNoInternalOrLibraryType() {
    return new ArchCondition<>("expose no internal, OkHttp, Jackson, Failsafe or Bouncy Castle type") {
      @Override
      public void check(JavaCodeUnit unit, ConditionEvents events) {
        List<JavaClass> types = new ArrayList<>(involved(unit.getReturnType()));
        unit.getParameterTypes().forEach(p -> types.addAll(involved(p)));
        unit.getThrowsClause().getTypes().forEach(types::add);
        for (JavaClass t : types) {
          if (leaks(t)) {
            events.add(SimpleConditionEvent.violated(unit, unit.getFullName() + " exposes " + t.getName()));
          }
        }
      }
    };
  }

  private static ArchCondition<JavaField> haveNoInternalOrLibraryType() {
    return new ArchCondition<>("have no internal or library type") {
      @Override
      public void check(JavaField field, ConditionEvents events) {
        for (JavaClass t : involved(field.getType())) {
          if (leaks(t)) {
            events.add(SimpleConditionEvent.violated(field, field.getFullName() + " exposes " + t.getName()));
          }
        }
      }
    };
  }

  private static boolean publicApi(JavaClass c) {
    return c.getModifiers().contains(com.tngtech.archunit.core.domain.JavaModifier.PUBLIC)
        && !c.getPackageName().contains(".internal");
  }

  @Test
  void publicSignaturesExposeNoInternalOrLibraryTypes() {
    codeUnits().that().arePublic().or().areProtected()
        .and().areDeclaredInClassesThat(com.tngtech.archunit.base.DescribedPredicate.describe("public API",
            ArchitectureTest::publicApi))
        .should(exposeNoInternalOrLibraryType())
        .check(MAIN);
    fields().that().arePublic()
        .and().areDeclaredInClassesThat(com.tngtech.archunit.base.DescribedPredicate.describe("public API",
            ArchitectureTest::publicApi))
        .should(haveNoInternalOrLibraryType())
        .check(MAIN);
  }

  @Test
  void theSignatureRuleHasTeeth_itFlagsTheInternalEngineThatTakesCoreInternals() {
    org.assertj.core.api.Assertions.assertThat(codeUnits().that()
        .areDeclaredIn(dev.microevent.slices.internal.SteeringEngine.class)
        .should(exposeNoInternalOrLibraryType()).evaluate(MAIN).hasViolation()).isTrue();
  }

  @Test
  void operatorCallsGoThroughCoresRemoteCallPath_notThroughOkHttp() {
    ArchitectureRules.remoteCallsGoThroughTheCoreSpi().check(MAIN);
  }

  @Test
  void slicesDependOnNoSiblingModule() {
    noClasses().should().dependOnClassesThat().resideInAnyPackage("dev.microevent.power..", "dev.microevent.matter..",
        "dev.microevent.commerce..", "dev.microevent.testkit..", "dev.microevent.samples..")
        .check(MAIN);
  }

  @Test
  void mainCodeReadsTheTimeOfDayOnlyFromTheInjectedClock() {
    noClasses().should().callMethod(java.time.Instant.class, "now")
        .orShould().callMethod(System.class, "currentTimeMillis")
        .orShould().callMethod(java.time.LocalDateTime.class, "now")
        .orShould().callMethod(java.time.ZonedDateTime.class, "now")
        .check(MAIN);
    // An unattached steering has no client clock yet; everything else gets the core client's.
    noClasses().that().doNotHaveFullyQualifiedName("dev.microevent.slices.internal.SteeringEngine")
        .should().callMethod(java.time.Clock.class, "systemUTC")
        .orShould().callMethod(java.time.Clock.class, "systemDefaultZone")
        .check(MAIN);
  }

  @Test
  void mainCodeNeitherSleepsNorPrints() {
    noClasses().should().callMethod(Thread.class, "sleep", long.class)
        .orShould().callMethod(Thread.class, "sleep", long.class, int.class)
        .orShould().accessField(System.class, "out")
        .orShould().accessField(System.class, "err")
        .orShould().dependOnClassesThat().resideInAPackage("java.util.logging..")
        .check(MAIN);
  }

  @Test
  void mainCodeMeasuresTimeOnlyThroughCoresTicker() {
    ArchitectureRules.timeOnlyThroughTheTicker().check(MAIN);
  }
}
