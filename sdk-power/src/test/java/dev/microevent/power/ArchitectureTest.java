package dev.microevent.power;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.codeUnits;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaModifier;
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
 * The module's boundaries: public signatures (type arguments included) expose neither internals
 * nor library types, no sibling module is used, and main code neither sleeps, prints nor uses JUL.
 */
class ArchitectureTest {
  private static final JavaClasses MAIN = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("dev.microevent.power");

  private static boolean libraryType(String name) {
    return name.startsWith("okhttp3.") || name.startsWith("okio.") || name.startsWith("com.fasterxml.")
        || name.startsWith("dev.failsafe.") || name.startsWith("org.bouncycastle.")
        || name.startsWith("com.github.benmanes.caffeine.") || name.startsWith("io.lettuce.");
  }

  private static boolean leaks(JavaClass type) {
    return type.getName().contains(".internal.") || libraryType(type.getName());
  }

  private static List<JavaClass> involved(JavaType type) {
    return new ArrayList<>(type.getAllInvolvedRawTypes());
  }

  private static final ArchCondition<JavaCodeUnit> EXPOSE_NO_INTERNAL_OR_LIBRARY_TYPE =
      new ArchCondition<>("expose no internal or library type") {
        @Override
        public void check(JavaCodeUnit unit, ConditionEvents events) {
          List<JavaClass> types = involved(unit.getReturnType());
          unit.getParameterTypes().forEach(p -> types.addAll(involved(p)));
          unit.getThrowsClause().getTypes().forEach(types::add);
          for (JavaClass t : types) {
            if (leaks(t)) {
              events.add(SimpleConditionEvent.violated(unit, unit.getFullName() + " exposes " + t.getName()));
            }
          }
        }
      };

  private static final ArchCondition<JavaField> HAVE_NO_INTERNAL_OR_LIBRARY_TYPE =
      new ArchCondition<>("have no internal or library type") {
        @Override
        public void check(JavaField field, ConditionEvents events) {
          for (JavaClass t : involved(field.getType())) {
            if (leaks(t)) {
              events.add(SimpleConditionEvent.violated(field, field.getFullName() + " exposes " + t.getName()));
            }
          }
        }
      };

  private static final DescribedPredicate<JavaClass> PUBLIC_API = DescribedPredicate.describe("public API",
      c -> c.getModifiers().contains(JavaModifier.PUBLIC) && (c.getPackageName().equals("dev.microevent.power")
          || c.getPackageName().equals("dev.microevent.power.protocol")));

  @Test
  void publicSignaturesExposeNoInternalOrLibraryTypes() {
    codeUnits().that().arePublic().or().areProtected().and().areDeclaredInClassesThat(PUBLIC_API)
        .should(EXPOSE_NO_INTERNAL_OR_LIBRARY_TYPE).check(MAIN);
    fields().that().arePublic().or().areProtected().and().areDeclaredInClassesThat(PUBLIC_API)
        .should(HAVE_NO_INTERNAL_OR_LIBRARY_TYPE).allowEmptyShould(true).check(MAIN);
  }

  @Test
  void publicPackageUsesNoLibraryTypesAtAll() {
    noClasses().that().resideInAnyPackage("dev.microevent.power", "dev.microevent.power.protocol").should().dependOnClassesThat(
        DescribedPredicate.describe("library types", (JavaClass c) -> libraryType(c.getName()))).check(MAIN);
  }

  @Test
  void remoteCallsGoThroughTheCoreSpi() {
    ArchitectureRules.remoteCallsGoThroughTheCoreSpi().check(MAIN);
  }

  @Test
  void dependsOnNoSiblingModule() {
    noClasses().should().dependOnClassesThat().resideInAnyPackage("dev.microevent.slices..", "dev.microevent.matter..",
        "dev.microevent.commerce..", "dev.microevent.testkit..", "dev.microevent.samples..").check(MAIN);
  }

  @Test
  void neverSleepsOrPrints() {
    noClasses().should().callMethod(Thread.class, "sleep", long.class).check(MAIN);
    noClasses().should().callMethod(Thread.class, "sleep", long.class, int.class).check(MAIN);
    noClasses().should().accessField(System.class, "out").check(MAIN);
    noClasses().should().accessField(System.class, "err").check(MAIN);
  }

  @Test
  void usesNoJavaUtilLogging() {
    noClasses().should().dependOnClassesThat().resideInAPackage("java.util.logging..").check(MAIN);
  }

  @Test
  void mainCodeMeasuresTimeOnlyThroughCoresTicker() {
    ArchitectureRules.timeOnlyThroughTheTicker().check(MAIN);
  }
}
