package ai.humane.webhooks.control;

import ai.humane.outbound.control.OutboundClient;
import ai.humane.outbound.control.OutboundResponse;
import ai.humane.outbound.control.UrlNotAllowed;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Signs one delivery and POSTs it through the guarded client, outside any transaction. Never throws for
 * what the receiver or the network did, nor for a signing secret it cannot open: every failure becomes an
 * {@link Outcome} for the Webhook Monitor.
 */
public class Sender {

    private static final Logger LOG = Logger.getLogger(Sender.class.getName());

    private final OutboundClient client;
    private final UnaryOperator<String> unseal;
    private final Clock clock;
    private final SignatureSigner signer = new SignatureSigner();

    public Sender(OutboundClient client, UnaryOperator<String> unseal, Clock clock) {
        this.client = client;
        this.unseal = unseal;
        this.clock = clock;
    }

    public Outcome send(ClaimedDelivery delivery) {
        Instant start = clock.instant();
        byte[] body = delivery.body().getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers;
        try {
            List<String> secrets = delivery.sealedSecretsAt(start).stream().map(unseal).toList();
            headers = signer.headers(delivery.eventId(), delivery.eventType(), start.getEpochSecond(), body, secrets);
        } catch (RuntimeException e) {
            // A secret no key opens (FERNET_KEYS lost the key it was sealed under, or the row was altered) fails every
            // try alike: recorded, each try fails on the schedule until the delivery is given up and the endpoint is
            // failing (W4). Thrown, it was recorded never and claimed again for ever. The reason is the operator's.
            LOG.log(Level.WARNING, "Delivery " + delivery.id() + " to endpoint " + delivery.endpointId()
                    + " is not sent: its signing secret cannot be opened", e);
            return failed(start, "signing secret cannot be opened");
        }
        try {
            OutboundResponse response = client.post(delivery.url(), headers, body);
            Optional<Duration> retryAfter = response.status() == 429 || response.status() == 503
                    ? response.header("retry-after").flatMap(value -> retryAfter(value, clock.instant()))
                    : Optional.empty();
            return new Outcome(start, response.status(), response.latency(), null,
                    response.excerpt(Outcome.EXCERPT_BYTES), retryAfter);
        } catch (UrlNotAllowed refused) {
            return failed(start, "URL refused: " + refused.reason());
        } catch (IOException | RuntimeException e) {
            return failed(start, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /** Retry-After in delta seconds or as an HTTP date; anything else is ignored. */
    public static Optional<Duration> retryAfter(String value, Instant now) {
        String trimmed = value.strip();
        if (trimmed.matches("\\d{1,9}")) {
            return Optional.of(Duration.ofSeconds(Long.parseLong(trimmed)));
        }
        try {
            Instant at = ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            return at.isAfter(now) ? Optional.of(Duration.between(now, at)) : Optional.empty();
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** The error is made to fit its column by {@link Outcome}: control characters written out, then cut. */
    private Outcome failed(Instant start, String error) {
        return new Outcome(start, null, Duration.between(start, clock.instant()), error, null, Optional.empty());
    }
}
