package ai.humane.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * O4: the SBOMs the build writes describe what the deliverables really hold. Every library packed into the WAR
 * and the EAR is a component of its SBOM, nothing of the tests is, and the Dockerfile ships the SBOMs in the
 * image. Runs after the WAR and the EAR are built (the reactor packages them before this module's tests).
 */
class SbomTest {

    private static final Pattern PURL = Pattern.compile("pkg:maven/([^/\"]+)/([^@\"]+)@([^?\"]+)");

    @Test
    void everyLibraryInTheWarIsInItsSbom() throws IOException {
        Path war = repository().resolve("web/target/humane.war");
        assumeTrue(Files.exists(war), "the WAR is built in the reactor before this test");
        check(war, "WEB-INF/lib/", repository().resolve("web/target/humane-war.cdx.json"));
    }

    @Test
    void everyLibraryAndModuleInTheEarIsInItsSbom() throws IOException {
        Path ear = repository().resolve("ear/target/humane.ear");
        assumeTrue(Files.exists(ear), "the EAR is built in the reactor before this test");
        check(ear, "lib/", repository().resolve("ear/target/humane-ear.cdx.json"));
    }

    @Test
    void theImageShipsItsSboms() throws IOException {
        String dockerfile = Files.readString(repository().resolve("docker/Dockerfile"));
        assertTrue(dockerfile.contains("cp web/target/humane-war.cdx.json launcher/target/humane-image-java.cdx.json"),
                "the build stage collects the SBOMs");
        assertTrue(dockerfile.contains("COPY --from=build /out/sbom/ /opt/humane/sbom/"), "the image carries them");
    }

    private static void check(Path archive, String libraries, Path sbom) throws IOException {
        // cyclonedx-maven-plugin refuses to run offline (it says so in the build log); every online build,
        // CI's included, writes the SBOM and is checked here.
        assumeFalse("offline=true".equals(System.getProperty("humane.maven.offline")) && !Files.exists(sbom), "an offline build writes no SBOM");
        assertTrue(Files.exists(sbom), "no SBOM beside " + archive);
        String bom = Files.readString(sbom);
        assertTrue(bom.contains("\"bomFormat\" : \"CycloneDX\""), "not CycloneDX");
        Set<String> described = new TreeSet<>();
        Matcher purl = PURL.matcher(bom);
        while (purl.find()) {
            // The WAR names a library artifact-version.jar, the EAR group-artifact-version.jar.
            described.add(purl.group(2) + "-" + purl.group(3) + ".jar");
            described.add(purl.group(1) + "-" + purl.group(2) + "-" + purl.group(3) + ".jar");
        }
        List<String> missing = new ArrayList<>();
        int jars = 0;
        try (ZipFile zip = new ZipFile(archive.toFile())) {
            for (ZipEntry entry : zip.stream().toList()) {
                String name = entry.getName();
                if (name.startsWith(libraries) && name.endsWith(".jar")) {
                    jars++;
                    String jar = name.substring(libraries.length());
                    if (!described.contains(jar)) {
                        missing.add(jar);
                    }
                }
            }
        }
        assertTrue(jars > 10, "only " + jars + " libraries in " + archive);
        assertEquals(List.of(), missing, "libraries in " + archive.getFileName() + " missing from its SBOM");
        for (String test : List.of("junit-jupiter", "greenmail", "openapi-generator", "bcpkix")) {
            assertFalse(bom.contains("pkg:maven/") && bom.contains("/" + test + "@"), test + " is not shipped");
        }
    }

    private static Path repository() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("docker/Dockerfile"))) {
                return dir;
            }
        }
        throw new AssertionError("no repository root above " + Path.of("").toAbsolutePath());
    }
}
