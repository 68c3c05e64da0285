package ai.humane.testing;

import ai.humane.crypto.control.HmacKeys;
import ai.humane.mail.control.SendKeys;

/**
 * What the outbox holds for an address. The outbox keeps an HMAC of each recipient instead of the address;
 * the tests hold the shared server's HMAC_KEY, so they find a person's mail the way an operator with the
 * key would.
 */
public final class QueuedMail {

    private QueuedMail() {
    }

    /** How many mails of {@code kind} (password_reset, invitation, webhook_failing, …) were queued to the address. */
    public static int count(String address, String kind) {
        return Integer.parseInt(Rows.single("SELECT count(*)::text FROM mail_outbox WHERE recipient_key = ? AND kind = ?",
                key(address), kind));
    }

    /** How many rows of {@code kind} queued to the address are {@code status} (pending, sent, logged, failed). */
    public static int count(String address, String kind, String status) {
        return Integer.parseInt(Rows.single("SELECT count(*)::text FROM mail_outbox WHERE recipient_key = ? AND kind = ?"
                + " AND status = ?", key(address), kind, status));
    }

    /** Every row queued to the address, as the database holds it (JSON text, one row a line). */
    public static String rows(String address) {
        String rows = Rows.single("SELECT string_agg(to_jsonb(m)::text, E'\\n') FROM mail_outbox m WHERE recipient_key = ?",
                key(address));
        return rows == null ? "" : rows;
    }

    private static byte[] key(String address) {
        return new SendKeys(new HmacKeys(TestPlatform.hmacKey())).recipient(address);
    }
}
