package ai.humane.launcher;

import ai.humane.local.OwnerOnly;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The local run's mail server: GreenMail on loopback inside the launcher, so the links in verification, reset
 * and invitation mails can be followed on a machine without SMTP. The application sends to it like to any
 * SMTP server, and its own logs stay scrubbed (L2: the token in a logged mail reads {@code [redacted]}); each
 * mail that arrives is printed in full on the launcher's terminal and kept as an .eml file in
 * {@code .humane/mail/}. Only {@code ./humane run} starts it, and only when no SMTP_HOST is set. The mails hold
 * working sign-in, reset and invitation links, so the folder and its files are their owner's alone.
 */
final class LocalMailbox implements AutoCloseable {

    private final GreenMail server;
    private final Path folder;
    private final PrintStream out;
    private final Thread watcher;

    private LocalMailbox(Path folder, PrintStream out) {
        this.folder = folder;
        this.out = out;
        server = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
        server.start();
        watcher = new Thread(this::watch, "humane-local-mailbox");
        watcher.setDaemon(true);
        watcher.start();
    }

    static LocalMailbox start(Path home, PrintStream out) {
        try {
            return new LocalMailbox(OwnerOnly.folder(home.resolve("mail")), out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What points the application at this server: plain SMTP on loopback, which nothing else can reach. */
    Map<String, String> environment() {
        return Map.of("SMTP_HOST", "127.0.0.1", "SMTP_PORT", Integer.toString(server.getSmtp().getPort()),
                "SMTP_FROM", "humane@localhost", "SMTP_STARTTLS", "false");
    }

    Path folder() {
        return folder;
    }

    private void watch() {
        int shown = 0;
        while (!Thread.currentThread().isInterrupted()) {
            MimeMessage[] received = server.getReceivedMessages();
            for (; shown < received.length; shown++) {
                show(shown + 1, received[shown]);
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void show(int number, MimeMessage message) {
        try {
            Path file = folder.resolve(String.format("%04d.eml", number));
            try (OutputStream eml = Files.newOutputStream(OwnerOnly.file(file))) {
                message.writeTo(eml);
            }
            String to = Arrays.stream(message.getAllRecipients()).map(Address::toString).collect(Collectors.joining(", "));
            out.printf("%n---- Mail %d to %s: %s (%s) ----%n%s%n---- end of mail %d ----%n", number, to,
                    message.getSubject(), file, message.getContent(), number);
        } catch (IOException | MessagingException e) {
            out.println("The local mailbox could not read mail " + number + ": " + e.getMessage());
        }
    }

    @Override
    public void close() {
        watcher.interrupt();
        server.stop();
    }
}
