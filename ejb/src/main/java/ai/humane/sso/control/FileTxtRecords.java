package ai.humane.sso.control;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * TXT records from a file, one {@code name value} a line, read at every look-up: what the tests answer instead of
 * DNS (SSO_DNS_FILE; development only — production always asks DNS).
 */
public final class FileTxtRecords implements TxtRecords {

    private final Path file;

    public FileTxtRecords(Path file) {
        this.file = file;
    }

    @Override
    public List<String> at(String name) {
        try {
            if (!Files.exists(file)) {
                return List.of();
            }
            return Files.readAllLines(file).stream().map(String::strip).filter(line -> line.startsWith(name + " "))
                    .map(line -> line.substring(name.length() + 1).strip()).toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
