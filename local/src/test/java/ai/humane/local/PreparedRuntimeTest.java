package ai.humane.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A prepared runtime belongs to one platform: any change of its files names another folder. */
class PreparedRuntimeTest {

    @TempDir
    Path platform;

    private Path micro;
    private Path war;
    private Path libraries;

    @BeforeEach
    void platform() throws IOException {
        micro = Files.writeString(platform.resolve("payara-micro.jar"), "server");
        war = Files.writeString(platform.resolve("humane.war"), "application");
        libraries = Files.createDirectories(platform.resolve(PayaraMicro.LIBRARIES));
        Files.writeString(libraries.resolve("a-1.0.jar"), "library");
        Files.createDirectories(platform.resolve("payara-config"));
        Files.writeString(platform.resolve("payara-config/pre-boot-commands.asadmin"), "set a=b");
    }

    @Test
    void theSamePlatformHasTheSameRuntime() {
        assertEquals(PreparedRuntime.fingerprint(micro, war), PreparedRuntime.fingerprint(micro, war));
        assertEquals(PreparedRuntime.of(platform, micro, war).folder(), PreparedRuntime.of(platform, micro, war).folder());
    }

    @Test
    void aRebuiltWarNamesAnotherRuntime() throws IOException {
        String before = PreparedRuntime.fingerprint(micro, war);
        Files.setLastModifiedTime(war, FileTime.from(Instant.now().plusSeconds(60)));
        assertNotEquals(before, PreparedRuntime.fingerprint(micro, war));
    }

    @Test
    void aChangedLibraryServerOrConfigurationNamesAnotherRuntime() throws IOException {
        String before = PreparedRuntime.fingerprint(micro, war);
        Files.writeString(libraries.resolve("a-1.0.jar"), "library, rebuilt");
        String library = PreparedRuntime.fingerprint(micro, war);
        assertNotEquals(before, library);
        Files.writeString(libraries.resolve("b-2.0.jar"), "one more");
        String added = PreparedRuntime.fingerprint(micro, war);
        assertNotEquals(library, added);
        Files.writeString(platform.resolve("payara-config/pre-boot-commands.asadmin"), "set a=c");
        String configured = PreparedRuntime.fingerprint(micro, war);
        assertNotEquals(added, configured);
        Files.writeString(micro, "server, upgraded");
        assertNotEquals(configured, PreparedRuntime.fingerprint(micro, war));
    }

    @Test
    void aFailedPreparationLeavesNoPreparedRuntime() throws Exception {
        PreparedRuntime runtime = PreparedRuntime.of(platform.resolve("work"), micro, war);
        assertFalse(runtime.prepared());
        // The "server jar" is no jar: its first step fails, as a training boot without its database would.
        assertFalse(runtime.prepare(Map.of()));
        assertFalse(runtime.prepared());
        assertTrue(Files.readString(runtime.log()).contains("payara-micro.jar"), Files.readString(runtime.log()));
    }

    @Test
    void preparingOneRuntimeRemovesTheRuntimesOfEarlierPlatforms() throws Exception {
        Path work = platform.resolve("work");
        Path earlier = Files.createDirectories(work.resolve("prepared-0123456789abcdef/root"));
        Path other = Files.createDirectories(work.resolve("root"));
        PreparedRuntime.of(work, micro, war).prepare(Map.of());
        assertFalse(Files.exists(earlier.getParent()), "an earlier platform's runtime is kept");
        assertTrue(Files.isDirectory(other), "a folder that is no prepared runtime is removed");
    }
}
