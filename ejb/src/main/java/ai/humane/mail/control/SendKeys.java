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
     * The inbox an e-mail address reaches ({@link #inbox(String)}), for the budget of the mail anyone may prompt
     * (sign-ups, sign-ups attempted with the address) and of invitations.
     */
    public byte[] recipient(String address) {
        return of("mail-recipient", inbox(address));
    }

    /** The same inbox, for the password resets' budget of their own ({@code SendThrottle.mail}). */
    public byte[] resetRecipient(String address) {
        return of("reset-recipient", inbox(address));
    }

    /** The same inbox, for the security notices' budget of their own ({@code SendThrottle.notice}). */
    public byte[] noticeRecipient(String address) {
        return of("notice-recipient", inbox(address));
    }

    /**
     * The inbox {@code address} reaches, as the budgets count it: case-folded and stripped of any white space around
     * it, as {@code EmailAddress} reads it ({@code Ada@Example.com} and {@code ada@example.com} are one inbox); without
     * a sub-address ({@code ada+anything@example.com} reaches {@code ada@example.com} at most providers); and at Gmail
     * without dots in the local part ({@code a.d.a@gmail.com} is {@code ada@gmail.com}). Only for counting: mail goes
     * to the address as given.
     */
    static String inbox(String address) {
        String folded = address.strip().toLowerCase(Locale.ROOT);
        int at = folded.lastIndexOf('@');
        if (at < 1) {
            return folded;
        }
        String local = folded.substring(0, at);
        String domain = folded.substring(at + 1);
        int tag = local.indexOf('+');
        if (tag > 0) {
            local = local.substring(0, tag);
        }
        if (domain.equals("gmail.com") || domain.equals("googlemail.com")) {
            local = local.replace(".", "");
            domain = "gmail.com";
        }
        return local + "@" + domain;
    }

    /** Any other counted thing, under its purpose (the name of a send budget). */
    public byte[] of(String purpose, String value) {
        return keys.sign((purpose + "\u0000" + value).getBytes(StandardCharsets.UTF_8));
    }
}
