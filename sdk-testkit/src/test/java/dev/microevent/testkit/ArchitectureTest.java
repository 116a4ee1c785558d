package dev.microevent.testkit;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noCodeUnits;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noFields;

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
import dev.microevent.core.ArchitectureRules;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The testkit's boundaries: nothing internal or third-party (Jackson, OkHttp, mockwebserver,
 * Failsafe, Bouncy Castle) in its public API, JUnit only in the junit package, and no sibling
 * SDK modules: the fakes speak wire protocols with their own types.
 */
class ArchitectureTest {
  private static final JavaClasses MAIN = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("dev.microevent.testkit");

  /** Public types of the API packages (camara and commerce fakes are checked by their owners). */
  private static final DescribedPredicate<JavaClass> PUBLIC_API = new DescribedPredicate<>("public API types") {
    @Override
    public boolean test(JavaClass c) {
      String p = c.getPackageName();
      return c.getModifiers().contains(JavaModifier.PUBLIC) && !p.contains(".internal")
          && !p.contains(".camara") && !p.contains(".commerce");
    }
  };

  private static final String[] THIRD_PARTY = {"com.fasterxml.", "okhttp3.", "mockwebserver3.", "okio.",
      "dev.failsafe.", "org.bouncycastle.", "org.HdrHistogram."};

  private static boolean forbidden(JavaClass t) {
    if (t.getPackageName().contains(".internal")) {
      return true;
    }
    for (String prefix : THIRD_PARTY) {
      if (t.getName().startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  private static final DescribedPredicate<JavaClass> FORBIDDEN =
      DescribedPredicate.describe("internal or third-party types", ArchitectureTest::forbidden);

  private static final ArchCondition<JavaCodeUnit> EXPOSE_FORBIDDEN_TYPES_IF_VISIBLE =
      new ArchCondition<>("expose internal or third-party types in a public or protected signature") {
        @Override
        public void check(JavaCodeUnit unit, ConditionEvents events) {
          boolean visible = unit.getModifiers().contains(JavaModifier.PUBLIC)
              || unit.getModifiers().contains(JavaModifier.PROTECTED);
          if (!visible) {
            return;
          }
          Set<JavaClass> types = new HashSet<>();
          unit.getParameterTypes().forEach(t -> types.add(t.toErasure()));
          types.add(unit.getRawReturnType());
          for (JavaClass t : types) {
            if (forbidden(t)) {
              events.add(SimpleConditionEvent.satisfied(unit, unit.getFullName() + " exposes " + t.getName()));
            }
          }
        }
      };

  @Test
  void publicSignaturesExposeNoInternalOrThirdPartyTypes() {
    noCodeUnits().that().areDeclaredInClassesThat(PUBLIC_API)
        .should(EXPOSE_FORBIDDEN_TYPES_IF_VISIBLE)
        .check(MAIN);
  }

  @Test
  void publicFieldsAreNotOfInternalOrThirdPartyTypes() {
    noFields().that().areDeclaredInClassesThat(PUBLIC_API).and().arePublic()
        .should().haveRawType(FORBIDDEN)
        .check(MAIN);
  }

  @Test
  void publicApiTypesDoNotExtendThirdPartyTypes() {
    noClasses().that(PUBLIC_API)
        .should().beAssignableTo(DescribedPredicate.describe("third-party types",
            (JavaClass t) -> t.getName().startsWith("com.fasterxml.") || t.getName().startsWith("okhttp3.")
                || t.getName().startsWith("mockwebserver3.")))
        .check(MAIN);
  }

  @Test
  void onlyTheJunitPackageAndTheExtensionUseJunit() {
    noClasses().that().resideOutsideOfPackages("dev.microevent.testkit.junit..")
        .and().doNotHaveSimpleName("MicroEventTestExtension")
        .and().doNotHaveSimpleName("MicroEventTestExtension$Fixture")
        .should().dependOnClassesThat().resideInAnyPackage("org.junit..")
        .check(MAIN);
  }

  @Test
  void dependsOnSdkCoreOnly_neverOnSiblingModules() {
    noClasses().should().dependOnClassesThat().resideInAnyPackage(
            "dev.microevent.slices..", "dev.microevent.power..", "dev.microevent.commerce..",
            "dev.microevent.matter..")
        .check(MAIN);
  }

  @Test
  void nothingSleepsOrPrintsInMainCode() {
    noClasses().should().callMethod(Thread.class, "sleep", long.class)
        .orShould().accessField(System.class, "out")
        .orShould().accessField(System.class, "err")
        .check(MAIN);
  }

  @Test
  void mainCodeMeasuresTimeOnlyThroughCoresTicker() {
    ArchitectureRules.timeOnlyThroughTheTicker().check(MAIN);
  }
}
