package dev.microevent.power;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.core.domain.JavaMethod;
import org.junit.jupiter.api.Test;

class ArchitectureTest {
  private static final JavaClasses MAIN = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("dev.microevent.power");

  private static boolean banned(JavaClass type) {
    String n = type.getName();
    return n.contains(".internal.") || n.startsWith("okhttp3.") || n.startsWith("com.fasterxml.")
        || n.startsWith("dev.failsafe.") || n.startsWith("org.bouncycastle.");
  }

  private static final ArchCondition<JavaMethod> NO_BANNED_TYPES = new ArchCondition<>("use no internal or library types") {
    @Override
    public void check(JavaMethod m, ConditionEvents events) {
      boolean bad = banned(m.getRawReturnType()) || m.getRawParameterTypes().stream().anyMatch(ArchitectureTest::banned);
      if (bad) {
        events.add(SimpleConditionEvent.violated(m, m.getFullName() + " exposes an internal or library type"));
      }
    }
  };

  @Test
  void publicApiExposesNoInternalOrLibraryTypes() {
    methods().that().arePublic().and().areDeclaredInClassesThat().resideInAPackage("dev.microevent.power")
        .and().areDeclaredInClassesThat().arePublic()
        .should(NO_BANNED_TYPES).check(MAIN);
  }

  @Test
  void dependsOnNoSiblingModule() {
    noClasses().should().dependOnClassesThat().resideInAnyPackage("dev.microevent.slices..", "dev.microevent.matter..",
        "dev.microevent.commerce..", "dev.microevent.testkit..", "dev.microevent.samples..").check(MAIN);
  }

  @Test
  void neverSleepsOrPrints() {
    noClasses().should().callMethod(Thread.class, "sleep", long.class).check(MAIN);
    noClasses().should().accessField(System.class, "out").check(MAIN);
    noClasses().should().accessField(System.class, "err").check(MAIN);
  }

  @Test
  void usesNoJavaUtilLogging() {
    noClasses().should().dependOnClassesThat().resideInAPackage("java.util.logging..").check(MAIN);
  }

  @Test
  void publicTypesAreNotInternalOnes() {
    noClasses().that().resideInAPackage("dev.microevent.power").should().dependOnClassesThat(
        DescribedPredicate.describe("library types", (JavaClass c) -> c.getName().startsWith("com.fasterxml.")
            || c.getName().startsWith("okhttp3.") || c.getName().startsWith("dev.failsafe.")
            || c.getName().startsWith("org.bouncycastle."))).check(MAIN);
  }
}
