package ai.humane.mail.control;

import ai.humane.crypto.control.HmacKeys;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;

/**
 * Pseudonyms of what mail is sent to: an HMAC-SHA256 under the first key of HMAC_KEY, so the outbox and the
 * send budgets can tell one address from another without holding any address, and nobody without the key
 * can test a guess against them. Each purpose is a prefix of its own, so equal values of two purposes
 * never share a key. A new first key in HMAC_KEY starts new pseudonyms (and fresh budgets).
 */
public final class SendKeys {

    private final HmacKeys keys;

    public SendKeys(HmacKeys keys) {
        this.keys = Objects.requireNonNull(keys, "keys");
    }

    /**
     * An e-mail address, case-folded and stripped of any white space around it, as {@code EmailAddress} reads it:
     * {@code Ada@Example.com} and {@code ada@example.com} are one inbox.
     */
    public byte[] recipient(String address) {
        return inbox("mail-recipient", address);
    }

    /** The same inbox, for the security notices' budget of its own ({@code SendThrottle.notice}). */
    public byte[] noticeRecipient(String address) {
        return inbox("notice-recipient", address);
    }

    private byte[] inbox(String purpose, String address) {
        return of(purpose, address.strip().toLowerCase(Locale.ROOT));
    }

    /** Any other counted thing, under its purpose (the name of a send budget). */
    public byte[] of(String purpose, String value) {
        return keys.sign((purpose + "\u0000" + value).getBytes(StandardCharsets.UTF_8));
    }
}
