package ai.humane.mail.control;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;

/**
 * The SMTP server mail goes through, from the environment ({@code SMTP_HOST}, {@code SMTP_PORT},
 * {@code SMTP_USERNAME}, {@code SMTP_PASSWORD}, {@code SMTP_FROM}, {@code SMTP_STARTTLS}). STARTTLS is
 * required, not merely offered, when it is on: an attacker on the path cannot strip it and read the
 * password or the links. The password never appears in {@link #toString()}.
 */
public record SmtpSettings(String host, int port, String username, String password, InternetAddress from,
                           boolean starttls, Duration timeout) {

    public static final Duration TIMEOUT = Duration.ofSeconds(10);

    public SmtpSettings {
        if (host == null || host.isBlank() || port < 1 || port > 65535 || from == null) {
            throw new IllegalArgumentException("SMTP needs a host, a port between 1 and 65535 and SMTP_FROM");
        }
        if (username != null && (password == null || password.isEmpty())) {
            throw new IllegalArgumentException("SMTP_USERNAME is set but SMTP_PASSWORD is not");
        }
    }

    /**
     * The settings, or empty when {@code SMTP_HOST} is not set. A host with a missing or malformed
     * {@code SMTP_FROM} is a configuration error, reported at once rather than at the first mail.
     */
    public static Optional<SmtpSettings> of(Optional<String> host, int port, Optional<String> username,
                                            Optional<String> password, Optional<String> from, boolean starttls) {
        Optional<String> server = host.map(String::trim).filter(h -> !h.isEmpty());
        if (server.isEmpty()) {
            return Optional.empty();
        }
        String sender = from.map(String::trim).filter(f -> !f.isEmpty()).orElseThrow(
                () -> new IllegalArgumentException("SMTP_HOST is set but SMTP_FROM is not"));
        return Optional.of(new SmtpSettings(server.get(), port, username.filter(u -> !u.isBlank()).orElse(null),
                password.orElse(null), sender(sender), starttls, TIMEOUT));
    }

    /** The Jakarta Mail session properties: timeouts always, so a silent server cannot stall a batch. */
    public Properties sessionProperties() {
        String millis = Long.toString(timeout.toMillis());
        Properties properties = new Properties();
        properties.setProperty("mail.transport.protocol", "smtp");
        properties.setProperty("mail.smtp.host", host);
        properties.setProperty("mail.smtp.port", Integer.toString(port));
        properties.setProperty("mail.smtp.auth", Boolean.toString(username != null));
        properties.setProperty("mail.smtp.starttls.enable", Boolean.toString(starttls));
        properties.setProperty("mail.smtp.starttls.required", Boolean.toString(starttls));
        properties.setProperty("mail.smtp.ssl.checkserveridentity", "true");
        properties.setProperty("mail.smtp.connectiontimeout", millis);
        properties.setProperty("mail.smtp.timeout", millis);
        properties.setProperty("mail.smtp.writetimeout", millis);
        // Named here so Jakarta Mail never looks up this machine's own name (EHLO, Message-ID).
        properties.setProperty("mail.smtp.localhost", from.getAddress().substring(from.getAddress().indexOf('@') + 1));
        properties.setProperty("mail.from", from.getAddress());
        return properties;
    }

    @Override
    public String toString() {
        return "SMTP " + host + ":" + port + (starttls ? " (STARTTLS required)" : " (no TLS)")
                + (username == null ? "" : " as " + username) + ", from " + from.getAddress();
    }

    private static InternetAddress sender(String from) {
        try {
            InternetAddress address = new InternetAddress(from, true);
            address.validate();
            return address;
        } catch (AddressException e) {
            throw new IllegalArgumentException("SMTP_FROM is not a valid address: " + e.getMessage());
        }
    }
}
