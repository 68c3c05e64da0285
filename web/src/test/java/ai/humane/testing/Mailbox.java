package ai.humane.testing;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the real SMTP server received, and the links inside, as a person reading the e-mail would follow them. */
public final class Mailbox {

    private static final Pattern TOKEN = Pattern.compile("token=([A-Za-z0-9_-]{43})");

    private Mailbox() {
    }

    /** Waits (at most 30 s) for a mail to {@code recipient} whose subject contains {@code subject}. */
    public static String bodyOf(String recipient, String subject) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (Instant.now().isBefore(deadline)) {
            int seen = received();
            Optional<String> body = find(recipient, subject);
            if (body.isPresent()) {
                return body.get();
            }
            awaitMoreThan(seen);
        }
        throw new AssertionError("No e-mail to " + recipient + " about \"" + subject + "\" within 30 s");
    }

    /** Waits (at most 30 s) for {@code count} mails to {@code recipient} about {@code subject}; answers their tokens as they arrived. */
    public static List<String> tokensTo(String recipient, String subject, int count) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        int seen = received();
        while (countTo(recipient, subject) < count && Instant.now().isBefore(deadline)) {
            awaitMoreThan(seen);
            seen = received();
        }
        List<String> tokens = new ArrayList<>();
        for (MimeMessage message : TestPlatform.smtp().getReceivedMessages()) {
            try {
                if (isTo(message, recipient) && message.getSubject().contains(subject)) {
                    tokens.add(tokenIn(message.getContent().toString()));
                }
            } catch (MessagingException | IOException e) {
                throw new AssertionError(e);
            }
        }
        if (tokens.size() < count) {
            throw new AssertionError(tokens.size() + " of " + count + " e-mails to " + recipient + " about \"" + subject
                    + "\" within 30 s");
        }
        return tokens;
    }

    /** The token of the first link in the mail. */
    public static String tokenIn(String body) {
        Matcher link = TOKEN.matcher(body);
        if (!link.find()) {
            throw new AssertionError("No link with a token in:\n" + body);
        }
        return link.group(1);
    }

    /**
     * The exact spellings of the recipients of the mails about {@code subject} to {@code recipient} in any case:
     * what a mail server was asked to deliver to, letter for letter.
     */
    public static List<String> spellingsTo(String recipient, String subject) {
        bodyOf(recipient, subject);
        List<String> spellings = new ArrayList<>();
        for (MimeMessage message : TestPlatform.smtp().getReceivedMessages()) {
            try {
                if (isTo(message, recipient) && message.getSubject().contains(subject)) {
                    Arrays.stream(message.getAllRecipients()).map(Object::toString).forEach(spellings::add);
                }
            } catch (MessagingException e) {
                throw new AssertionError(e);
            }
        }
        return spellings;
    }

    public static long countTo(String recipient) {
        return Arrays.stream(TestPlatform.smtp().getReceivedMessages()).filter(m -> isTo(m, recipient)).count();
    }

    /** How many mails to {@code recipient} whose subject contains {@code subject} have arrived. */
    public static long countTo(String recipient, String subject) {
        return Arrays.stream(TestPlatform.smtp().getReceivedMessages()).filter(m -> isTo(m, recipient)).filter(m -> {
            try {
                return m.getSubject().contains(subject);
            } catch (MessagingException e) {
                throw new AssertionError(e);
            }
        }).count();
    }

    private static Optional<String> find(String recipient, String subject) {
        for (MimeMessage message : TestPlatform.smtp().getReceivedMessages()) {
            try {
                if (isTo(message, recipient) && message.getSubject().contains(subject)) {
                    return Optional.of(message.getContent().toString());
                }
            } catch (MessagingException | IOException e) {
                throw new AssertionError(e);
            }
        }
        return Optional.empty();
    }

    private static boolean isTo(Message message, String recipient) {
        try {
            return Arrays.stream(message.getAllRecipients()).anyMatch(a -> a.toString().equalsIgnoreCase(recipient));
        } catch (MessagingException e) {
            throw new AssertionError(e);
        }
    }

    private static int received() {
        return TestPlatform.smtp().getReceivedMessages().length;
    }

    /**
     * Waits until the server has received more than {@code seen} mails in all, or for a quarter of a second: the mail
     * dispatcher sends as soon as the answer's transaction commits, so a fixed pause between looks was most of a wait.
     */
    private static void awaitMoreThan(int seen) {
        TestPlatform.smtp().waitForIncomingEmail(250, seen + 1);
    }
}
