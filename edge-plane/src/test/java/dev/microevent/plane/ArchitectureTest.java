package dev.microevent.plane;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.microevent.core.ArchitectureRules;
import dev.microevent.plane.internal.PlaneCli;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The plane's boundaries, checked on its compiled classes. */
class ArchitectureTest {
  private static final JavaClasses MAIN = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("dev.microevent.plane");

  /**
   * Every type a public member of a public type in {@code dev.microevent.plane} mentions (return,
   * parameters, thrown, field types and their type arguments), as {@code member -> type}.
   */
  private static List<String> publicApiTypes() {
    List<String> seen = new ArrayList<>();
    for (JavaClass c : MAIN) {
      if (!c.getPackageName().equals("dev.microevent.plane") || !c.getModifiers().contains(JavaModifier.PUBLIC)) {
        continue;
      }
      for (JavaCodeUnit m : c.getCodeUnits()) {
        if (m.getModifiers().contains(JavaModifier.PUBLIC)) {
          Stream.concat(Stream.concat(m.getReturnType().getAllInvolvedRawTypes().stream(),
                  m.getParameterTypes().stream().flatMap(t -> t.getAllInvolvedRawTypes().stream())),
                  m.getThrowsClause().getTypes().stream())
              .forEach(t -> seen.add(m.getFullName() + " -> " + t.getName()));
        }
      }
      for (JavaField f : c.getFields()) {
        if (f.getModifiers().contains(JavaModifier.PUBLIC)) {
          f.getType().getAllInvolvedRawTypes().forEach(t -> seen.add(f.getFullName() + " -> " + t.getName()));
        }
      }
    }
    return seen;
  }

  @Test
  void publicApi_exposesNoInternalType() {
    assertThat(publicApiTypes()).isNotEmpty().noneMatch(s -> s.contains(" -> dev.microevent.plane.internal."));
  }

  @Test
  void publicApi_exposesNoLibraryType() {
    Set<String> libraries = Set.of(" -> org.eclipse.jetty.", " -> com.fasterxml.", " -> io.lettuce.", " -> picocli.",
        " -> com.networknt.", " -> okhttp3.");
    assertThat(publicApiTypes()).noneMatch(s -> libraries.stream().anyMatch(s::contains));
  }

  @Test
  void plane_neverUsesTheJdksBuiltInHttpServer() {
    noClasses().should().dependOnClassesThat().resideInAnyPackage("com.sun.net.httpserver..", "sun.net.httpserver..")
        .check(MAIN);
  }

  @Test
  void plane_logsThroughSlf4jOnly() {
    // SeleniumLogs holds Selenium's java.util.logging loggers at INFO so no typed password is logged.
    noClasses().that().doNotHaveFullyQualifiedName("dev.microevent.plane.vendor.SeleniumLogs")
        .should().dependOnClassesThat().resideInAnyPackage("java.util.logging..", "org.apache.log4j..",
            "org.apache.logging.log4j..", "org.apache.commons.logging..", "ch.qos.logback..", "org.slf4j.simple..",
            "org.slf4j.impl..")
        .check(MAIN);
    noClasses().should().callMethod(Throwable.class, "printStackTrace").check(MAIN);
    // The command line (and its subcommands) is the one place that writes to the console: its output is its product.
    noClasses().that().doNotBelongToAnyOf(PlaneCli.class)
        .should().accessField(System.class, "out")
        .orShould().accessField(System.class, "err")
        .check(MAIN);
  }

  @Test
  void plane_neverSleeps_andMeasuresTimeOnlyThroughCoresTicker() {
    // The plane is a real server: where it needs real time it takes Ticker.system() (EdgePlaneServer
    // hands it to the PlaybookRunner; LinkProbe defaults to it), never System.nanoTime() directly.
    ArchitectureRules.timeOnlyThroughTheTicker().check(MAIN);
  }
}
