package dev.microevent.commerce;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import dev.microevent.core.ArchitectureRules;
import org.junit.jupiter.api.Test;

/** The module's boundaries, checked on its compiled classes. */
class ArchitectureTest {
  private static final JavaClasses MAIN = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("dev.microevent.commerce");
  private static final String[] LIBRARIES = {
      "okhttp3..", "okio..", "com.fasterxml..", "dev.failsafe..", "org.bouncycastle..", "com.github.benmanes..", "io.lettuce.."};

  private static final String[] PUBLIC_PACKAGES = {"dev.microevent.commerce", "dev.microevent.commerce.tickets",
      "dev.microevent.commerce.audit", "dev.microevent.commerce.shield"};

  private static DescribedPredicate<JavaClass> inAny(String... packages) {
    return JavaClass.Predicates.resideInAnyPackage(packages);
  }

  private static ArchCondition<JavaMethod> notExpose(DescribedPredicate<JavaClass> banned) {
    return new ArchCondition<>("not expose " + banned.getDescription()) {
      @Override
      public void check(JavaMethod m, ConditionEvents events) {
        boolean bad = banned.test(m.getRawReturnType())
            || m.getRawParameterTypes().stream().anyMatch(banned)
            || m.getReturnType().getAllInvolvedRawTypes().stream().anyMatch(banned)
            || m.getParameterTypes().stream().flatMap(t -> t.getAllInvolvedRawTypes().stream()).anyMatch(banned);
        if (bad) {
          events.add(SimpleConditionEvent.violated(m, m.getFullName() + " exposes " + banned.getDescription()));
        }
      }
    };
  }

  @Test
  void publicApiExposesNoInternalType() {
    methods().that().areDeclaredInClassesThat().resideInAnyPackage(PUBLIC_PACKAGES)
        .and().arePublic()
        .should(notExpose(inAny("..internal..")))
        .check(MAIN);
  }

  @Test
  void publicApiExposesNoLibraryType() {
    methods().that().areDeclaredInClassesThat().resideInAnyPackage(PUBLIC_PACKAGES)
        .and().arePublic()
        .should(notExpose(inAny(LIBRARIES)))
        .check(MAIN);
  }

  @Test
  void ticketAndAuditApisExposeNoCryptoProviderType() {
    // Keys and signatures cross the ticket and audit APIs as bytes and our own types, never as JCA objects.
    // A SecureRandom (the audit log's salt source) is a source of randomness, not key material.
    methods().that().areDeclaredInClassesThat()
        .resideInAnyPackage("dev.microevent.commerce.tickets", "dev.microevent.commerce.audit")
        .and().arePublic()
        .should(notExpose(inAny("java.security..", "javax.crypto..")
            .and(DescribedPredicate.not(JavaClass.Predicates.equivalentTo(java.security.SecureRandom.class)))))
        .check(MAIN);
  }

  @Test
  void remoteCallsGoThroughTheCoreSpi() {
    ArchitectureRules.remoteCallsGoThroughTheCoreSpi().check(MAIN);
  }

  @Test
  void dependsOnNoSiblingModule() {
    noClasses().should().dependOnClassesThat().resideInAnyPackage("dev.microevent.testkit..",
        "dev.microevent.slices..", "dev.microevent.power..", "dev.microevent.matter..").check(MAIN);
  }

  @Test
  void neverSleepsOrPrints() {
    // The auditor's command line is the one class that prints: its verdict is its output.
    noClasses().that().doNotHaveFullyQualifiedName("dev.microevent.commerce.audit.AuditCommand")
        .should().callMethod(Thread.class, "sleep", long.class)
        .orShould().callMethod(Thread.class, "sleep", long.class, int.class)
        .orShould().accessField(System.class, "out")
        .orShould().accessField(System.class, "err")
        .check(MAIN);
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
