package ai.humane.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import java.util.logging.StreamHandler;
import org.junit.jupiter.api.Test;

/** Real JUL output: records logged through a handler whose formatter is wrapped, then read back. */
class ScrubbingFormatterTest {

    private static final String[][] SECRETS = {
        {"alice.smith+tag@example.co.in", "[email]"},
        {"+91 98765 43210", "[phone]"},
        {"+1 (415) 555-2671", "[phone]"},
        {"9876543210", "[phone]"},
        {"4111 1111 1111 1111", "[card]"},
        {"5500-0000-0000-0004", "[card]"},
        {"2345 6789 0123", "[aadhaar]"},
        {"ABCPE1234F", "[pan]"},
        {"Bearer eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln", "Bearer [redacted]"},
        {"hk_live_AbC123xyz_987-qq", "hk_live_[redacted]"},
        {"humane_session=Zm9vYmFyYmF6cXV4", "humane_session=[redacted]"},
        {"current_password=hunter2hunter2&new_password=Tq8-vLp2-Zr5", "current_password=[redacted]&new_password=[redacted]"},
        {"grant_type=refresh_token&refresh_token=rt.Zm9vYmFy&client_secret=s3cr3t", "refresh_token=[redacted]&client_secret=[redacted]"},
        {"callback?id_token=eyJhbGciOiJFUzI1NiJ9.e30.c2ln&pwd=hunter2", "id_token=[redacted]&pwd=[redacted]"},
        {"{\"email\":\"x\",\"password\":\"hunter2hunter2\"}", "\"password\":\"[redacted]\""},
        {"{\"client_secret\": \"s3cr3t\\\"quoted\"}", "\"client_secret\":\"[redacted]\""},
        {"{\"ua\":\"{\\\"password\\\":\\\"hunter2hunter2\\\"}\"}", "\\\"password\\\":\\\"[redacted]\\\""},
    };

    @Test
    void everyKindIsMaskedInMessagesParametersAndExceptions() {
        for (String[] secret : SECRETS) {
            String out = log(Level.INFO, "request body {0} from user", secret[0], null);
            assertTrue(out.contains(secret[1]), out);
            assertFalse(out.contains(secret[0]), out);
            String thrown = log(Level.WARNING, "failed", null,
                    new IllegalStateException("outer", new IllegalArgumentException("bad value " + secret[0])));
            assertTrue(thrown.contains("Caused by: java.lang.IllegalArgumentException: bad value"), thrown);
            assertFalse(thrown.contains(secret[0]), thrown);
        }
    }

    @Test
    void ordinaryContentStaysReadable() {
        String line = "GET api/v1/engines/{id} 200 12 ms ip=192.168.100.200 instance=urn:uuid:3f2a1b4c-1234-4321-8abc-1234567890ab"
                + " at 2026-11-29T06:33:21.330Z timeMillis: 1795934001330 order 4111111111111112";
        String out = log(Level.INFO, line, null, null);
        assertTrue(out.contains(line), out);
    }

    @Test
    void theCheapGuardsNeverSkipARuleThatWouldHaveMatched() {
        String[] parts = {"a", " ", "-", "(", ")", "+", "=", "@", "\"", "\\\"", ":", "1", "42", "9876543210", "415", "555",
            "2671", "4111", "1111", "ABCPE1234F", "example.com", "x@y.io", "hk_live_", "Bearer ", "basic ", "password",
            "token", "humane_session", "{", "}", ",", "T08:52:01.123Z", "127.0.0.1", "route", "\u00e9"};
        for (String[] secret : SECRETS) {
            assertEquals(Scrubber.scrubByEveryRule(secret[0]), Scrubber.scrub(secret[0]));
        }
        java.util.Random random = new java.util.Random(20261129);
        for (int i = 0; i < 50_000; i++) {
            StringBuilder text = new StringBuilder();
            for (int n = random.nextInt(40); n >= 0; n--) {
                text.append(random.nextInt(8) == 0 ? SECRETS[random.nextInt(SECRETS.length)][0] : parts[random.nextInt(parts.length)]);
            }
            String input = text.toString();
            assertEquals(Scrubber.scrubByEveryRule(input), Scrubber.scrub(input), input);
        }
    }

    @Test
    void luhnDecidesForCards() {
        assertTrue(CheckDigits.luhn("4111111111111111"));
        assertFalse(CheckDigits.luhn("4111111111111112"));
        assertEquals("card [card] ok", Scrubber.scrub("card 4012888888881881 ok"));
    }

    private static String log(Level level, String message, Object parameter, Throwable thrown) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        StreamHandler handler = new StreamHandler(bytes, new ScrubbingFormatter(new SimpleFormatter()));
        Logger logger = Logger.getLogger("scrubber-test-" + System.nanoTime());
        logger.setUseParentHandlers(false);
        logger.addHandler(handler);
        if (thrown != null) {
            logger.log(level, message, thrown);
        } else {
            logger.log(level, message, parameter);
        }
        handler.flush();
        logger.removeHandler(handler);
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
