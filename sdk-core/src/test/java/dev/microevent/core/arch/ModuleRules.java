package dev.microevent.core.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.lang.ArchRule;

/**
 * ArchUnit rules every SDK module applies to its main code, shared through sdk-core's test-jar so
 * each rule is written once.
 */
public final class ModuleRules {

  private ModuleRules() {}

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
}
