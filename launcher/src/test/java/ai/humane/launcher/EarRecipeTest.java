package ai.humane.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The recipe of {@code ear/README.md} for a Payara Server of one's own: its shell exports the keys that
 * {@code generate-keys} prints unchanged (JSON quotes, spaces and base64 padding kept), and sets everything
 * production refuses to start without.
 */
class EarRecipeTest {

    @TempDir
    Path work;

    @Test
    void theRecipeExportsEveryKeyUnchangedAndTheSamlPair() throws Exception {
        String recipe = recipe();
        assertFalse(recipe.contains("xargs"), "xargs strips the quotes of JWT_SIGNING_KEYS' JSON");
        for (String name : List.of("DB_URL", "DB_USER", "DB_PASSWORD", "SAML_SP_KEY", "SAML_SP_CERTIFICATE")) {
            assertTrue(Pattern.compile("(?m)^export .*\\b" + name + "=").matcher(recipe).find(), name + " is never set");
        }
        Matcher loop = Pattern.compile("(?ms)^while IFS.*?^done < <\\(java -jar [^)]* generate-keys\\)$").matcher(recipe);
        assertTrue(loop.find(), "no loop over generate-keys' lines in the recipe");

        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        ProductionKeys.print(new PrintStream(printed, true, StandardCharsets.UTF_8));
        Path keys = Files.writeString(work.resolve("keys"), printed.toString(StandardCharsets.UTF_8));
        String script = loop.group().replaceFirst("done < <\\(.*\\)$", "done < \"\\$1\"")
                + "\nprintf '%s\\n' \"$JWT_SIGNING_KEYS\" \"$FERNET_KEYS\" \"$HMAC_KEY\"\n";
        List<String> expected = Files.readAllLines(keys).stream().map(line -> line.substring(line.indexOf('=') + 1)).toList();
        assertTrue(expected.get(0).contains("\"") && expected.get(1).endsWith("="), "keys without quotes or padding prove nothing");
        assertEquals(expected, run(script, keys), "the recipe's shell changed a key");
    }

    private List<String> run(String script, Path keys) throws IOException, InterruptedException {
        Path out = work.resolve("out");
        Process bash = new ProcessBuilder("bash", "-euc", script, "recipe", keys.toString())
                .redirectOutput(out.toFile()).redirectError(work.resolve("err").toFile()).start();
        if (!bash.waitFor(30, TimeUnit.SECONDS)) {
            bash.destroyForcibly();
            fail("bash did not finish within 30 s");
        }
        assertEquals(0, bash.exitValue(), () -> read(work.resolve("err")));
        return Files.readAllLines(out);
    }

    /** The shell block of the README's "Deploying it on Payara Server 6". */
    private static String recipe() throws IOException {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path readme = dir.resolve("ear/README.md");
            if (Files.isRegularFile(readme)) {
                Matcher block = Pattern.compile("(?s)## Deploying it on Payara Server 6.*?```bash\\n(.*?)```")
                        .matcher(Files.readString(readme));
                assertTrue(block.find(), "no shell block under \"Deploying it on Payara Server 6\"");
                return block.group(1);
            }
        }
        return fail("no ear/README.md in the working directory or above it");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return e.toString();
        }
    }
}
