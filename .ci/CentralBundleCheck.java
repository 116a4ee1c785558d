import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Checks a Central Portal bundle built by {@code mvn -P release deploy} (docs/releasing.md).
 *
 * <p>Usage: {@code java .ci/CentralBundleCheck.java <repository root> <bundle.zip>}. The expected
 * content comes from the repository's own POMs: the parent, plus every module of the root POM but
 * those that set the property {@code maven.deploy.skip} to {@code true} (never published: the
 * samples and the benchmarks). For each: the {@code .pom}, and for a
 * jar module the {@code .jar}, {@code -sources.jar} and {@code -javadoc.jar}; each file with a
 * {@code .asc} that {@code gpg --verify} accepts (the key must be in gpg's keyring, e.g. GNUPGHOME)
 * and {@code .md5}/{@code .sha1} that match; nothing else. Every POM has, itself or through its
 * parent in the bundle, a name, description, url, licenses, developers and scm; every jar carries
 * the repository's LICENSE as META-INF/LICENSE; the BOM lists exactly the published jar modules.
 * Prints one line per artifact and every problem found; exits 1 if there is any.
 */
public final class CentralBundleCheck {

  /** Never published whatever their POMs say (central-bundle deploys the bundle, not itself). */
  private static final Set<String> NEVER_PUBLISHED = Set.of("central-bundle");
  private static final String GROUP_PATH = "dev/microevent/";

  private final List<String> problems = new ArrayList<>();

  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: java CentralBundleCheck.java <repository root> <bundle.zip>");
      System.exit(2);
    }
    System.exit(new CentralBundleCheck().run(Path.of(args[0]), Path.of(args[1])) ? 0 : 1);
  }

  private boolean run(Path root, Path bundle) throws Exception {
    Document rootPom = parse(Files.readAllBytes(root.resolve("pom.xml")));
    String version = text(rootPom.getDocumentElement(), "version");
    byte[] license = Files.readAllBytes(root.resolve("LICENSE"));

    // What should be there, from the sources.
    Map<String, String> expected = new TreeMap<>(); // artifactId -> packaging
    expected.put(text(rootPom.getDocumentElement(), "artifactId"), "pom");
    Set<String> allModules = new TreeSet<>();
    for (Element module : children(child(rootPom.getDocumentElement(), "modules"), "module")) {
      Element pom = parse(Files.readAllBytes(root.resolve(module.getTextContent().trim()).resolve("pom.xml")))
          .getDocumentElement();
      String artifactId = text(pom, "artifactId");
      allModules.add(artifactId);
      boolean deploySkipped = "true".equals(text(child(pom, "properties"), "maven.deploy.skip"));
      if (!NEVER_PUBLISHED.contains(artifactId) && !deploySkipped) {
        String packaging = text(pom, "packaging");
        expected.put(artifactId, packaging == null ? "jar" : packaging);
      }
    }
    if (!allModules.containsAll(Set.of("samples", "benchmarks"))) {
      problems.add("the root POM no longer lists samples and benchmarks: update this check");
    }

    // What is there.
    Map<String, byte[]> files = new TreeMap<>();
    try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(bundle))) {
      for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
        if (!entry.isDirectory()) {
          files.put(entry.getName(), zip.readAllBytes());
        }
      }
    }

    Set<String> accounted = new TreeSet<>();
    Path sigDir = Files.createTempDirectory("bundle-check");
    try {
      for (Map.Entry<String, String> artifact : expected.entrySet()) {
        String id = artifact.getKey();
        boolean jar = artifact.getValue().equals("jar");
        String base = GROUP_PATH + id + "/" + version + "/" + id + "-" + version;
        List<String> names = new ArrayList<>(List.of(base + ".pom"));
        if (jar) {
          names.addAll(List.of(base + ".jar", base + "-sources.jar", base + "-javadoc.jar"));
        }
        int verified = 0;
        for (String name : names) {
          byte[] content = files.get(name);
          if (content == null) {
            problems.add("missing " + name);
            continue;
          }
          accounted.add(name);
          checkChecksum(files, name, content, "md5", "MD5", accounted);
          checkChecksum(files, name, content, "sha1", "SHA-1", accounted);
          byte[] signature = files.get(name + ".asc");
          if (signature == null) {
            problems.add("missing " + name + ".asc");
          } else {
            accounted.add(name + ".asc");
            if (gpgVerifies(sigDir, content, signature)) {
              verified++;
            } else {
              problems.add("gpg --verify rejects " + name + ".asc");
            }
          }
          if (name.endsWith(".jar")) {
            checkJar(name, content, license);
          }
        }
        byte[] pom = files.get(base + ".pom");
        if (pom != null) {
          try {
            checkPom(base + ".pom", parse(pom).getDocumentElement(), files, version);
          } catch (org.xml.sax.SAXException e) {
            problems.add(base + ".pom (or its parent) is not well-formed XML: " + e.getMessage());
          }
        }
        System.out.printf("%-20s %-3s %d/%d files, %d signatures verified%n",
            id, jar ? "jar" : "pom", names.stream().filter(files::containsKey).count(), names.size(), verified);
      }
      checkBom(files, expected, version);
    } finally {
      try (var walk = Files.walk(sigDir)) {
        walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }

    for (String name : files.keySet()) {
      if (!accounted.contains(name)) {
        problems.add("not expected in the bundle: " + name);
      }
    }
    problems.forEach(p -> System.out.println("PROBLEM: " + p));
    System.out.println(problems.isEmpty()
        ? "bundle OK: " + files.size() + " files, " + expected.size() + " artifacts, version " + version
        : problems.size() + " problem(s)");
    return problems.isEmpty();
  }

  private void checkChecksum(Map<String, byte[]> files, String name, byte[] content, String ext, String algorithm,
      Set<String> accounted) throws NoSuchAlgorithmException {
    byte[] sum = files.get(name + "." + ext);
    if (sum == null) {
      problems.add("missing " + name + "." + ext);
      return;
    }
    accounted.add(name + "." + ext);
    String want = HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(content));
    String have = new String(sum, StandardCharsets.US_ASCII).trim().split("\\s+")[0];
    if (!want.equalsIgnoreCase(have)) {
      problems.add(name + "." + ext + " does not match the file");
    }
  }

  private static boolean gpgVerifies(Path dir, byte[] content, byte[] signature) throws IOException, InterruptedException {
    Path data = dir.resolve("data");
    Path asc = dir.resolve("data.asc");
    Files.write(data, content);
    Files.write(asc, signature);
    Process gpg = new ProcessBuilder("gpg", "--batch", "--verify", asc.toString(), data.toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("gpg.log").toFile()).start();
    if (!gpg.waitFor(60, TimeUnit.SECONDS)) {
      gpg.destroyForcibly();
      return false;
    }
    return gpg.exitValue() == 0;
  }

  private void checkJar(String name, byte[] content, byte[] license) throws IOException {
    boolean hasLicense = false;
    boolean hasPayload = false;
    String internal = null;
    try (ZipInputStream jar = new ZipInputStream(new ByteArrayInputStream(content))) {
      for (ZipEntry entry; (entry = jar.getNextEntry()) != null; ) {
        String entryName = entry.getName();
        if (entryName.equals("META-INF/LICENSE")) {
          hasLicense = java.util.Arrays.equals(jar.readAllBytes(), license);
        }
        if (name.endsWith("-javadoc.jar")) {
          hasPayload |= entryName.equals("index.html");
          if (internal == null && entryName.contains("/internal/")) {
            internal = entryName;
          }
        } else if (name.endsWith("-sources.jar")) {
          hasPayload |= entryName.endsWith(".java");
        } else {
          hasPayload |= entryName.endsWith(".class");
        }
      }
    }
    if (internal != null) {
      problems.add(name + " documents an internal package: " + internal);
    }
    if (!hasLicense) {
      problems.add(name + " has no META-INF/LICENSE equal to the repository's LICENSE");
    }
    if (!hasPayload) {
      problems.add(name + " holds no " + (name.endsWith("-javadoc.jar") ? "index.html"
          : name.endsWith("-sources.jar") ? ".java file" : ".class file"));
    }
  }

  /** Central's required POM elements, on the POM itself or inherited from its parent in the bundle. */
  private void checkPom(String name, Element pom, Map<String, byte[]> files, String version) throws Exception {
    Element parentPom = null;
    Element parent = child(pom, "parent");
    if (parent != null) {
      String parentName = GROUP_PATH + text(parent, "artifactId") + "/" + text(parent, "version") + "/"
          + text(parent, "artifactId") + "-" + text(parent, "version") + ".pom";
      byte[] parentBytes = files.get(parentName);
      if (parentBytes == null) {
        problems.add(name + ": its parent " + parentName + " is not in the bundle");
      } else {
        parentPom = parse(parentBytes).getDocumentElement();
      }
    }
    if (!version.equals(text(pom, "version")) && (parent == null || !version.equals(text(parent, "version")))) {
      problems.add(name + ": version is not " + version);
    }
    for (String required : List.of("name", "description", "url", "licenses/license/name", "licenses/license/url",
        "developers/developer/name", "scm/url", "scm/connection")) {
      boolean own = path(pom, required) != null;
      if (!own && (required.equals("name") || required.equals("description"))) {
        problems.add(name + ": no <" + required + "> of its own");
      } else if (!own && (parentPom == null || path(parentPom, required) == null)) {
        problems.add(name + ": no <" + required + "> (neither its own nor its parent's)");
      }
    }
    String text = new String(files.get(name), StandardCharsets.UTF_8);
    if (text.contains("-SNAPSHOT")) {
      problems.add(name + " mentions a -SNAPSHOT version");
    }
  }

  private void checkBom(Map<String, byte[]> files, Map<String, String> expected, String version) throws Exception {
    byte[] bom = files.get(GROUP_PATH + "sdk-bom/" + version + "/sdk-bom-" + version + ".pom");
    if (bom == null) {
      return; // reported as missing already
    }
    Set<String> listed = new TreeSet<>();
    for (Element dependency : children(path(parse(bom).getDocumentElement(), "dependencyManagement/dependencies"),
        "dependency")) {
      listed.add(text(dependency, "artifactId"));
    }
    Set<String> jars = new TreeSet<>();
    expected.forEach((id, packaging) -> {
      if (packaging.equals("jar")) {
        jars.add(id);
      }
    });
    if (!listed.equals(jars)) {
      problems.add("sdk-bom lists " + listed + " but the published jar modules are " + jars);
    }
  }

  private static Document parse(byte[] xml) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    try (InputStream in = new ByteArrayInputStream(xml)) {
      return factory.newDocumentBuilder().parse(in);
    }
  }

  private static Element path(Element from, String path) {
    Element at = from;
    for (String step : path.split("/")) {
      at = at == null ? null : child(at, step);
    }
    return at;
  }

  private static Element child(Element parent, String name) {
    List<Element> found = children(parent, name);
    return found.isEmpty() ? null : found.get(0);
  }

  private static List<Element> children(Element parent, String name) {
    List<Element> found = new ArrayList<>();
    if (parent == null) {
      return found;
    }
    for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
      if (node instanceof Element element && element.getTagName().equals(name)) {
        found.add(element);
      }
    }
    return found;
  }

  private static String text(Element parent, String name) {
    Element element = child(parent, name);
    return element == null ? null : element.getTextContent().trim();
  }
}
