package ai.humane.mail.control;

import ai.humane.crypto.control.KeyRing;
import ai.humane.crypto.control.Reencryption;
import ai.humane.crypto.control.TokenNotDecryptable;
import java.util.Objects;
import java.util.UUID;

/**
 * Seals a queued mail (K3): recipient, subject, unsubscribe link and body become one Fernet token under the
 * first key of FERNET_KEYS, and only the token is stored. The token names the row it was made for, so a
 * token copied onto another row is refused when it is opened, and the mail inside is checked again like
 * every row read back. Recipient, subject and link hold no line break (OutgoingMail refuses one), so the
 * fields are lines and the body, last, may hold anything.
 */
public final class MailSeal {

    private static final String VERSION = "mail-v1";
    private static final int FIELDS = 6;

    private final KeyRing ring;

    public MailSeal(KeyRing ring) {
        this.ring = Objects.requireNonNull(ring, "ring");
    }

    public String seal(UUID row, OutgoingMail mail) {
        String link = mail.unsubscribeUrl() == null ? "" : mail.unsubscribeUrl();
        return ring.encrypt(String.join("\n", VERSION, row.toString(), mail.recipient(), mail.subject(), link, mail.body()));
    }

    /**
     * @throws TokenNotDecryptable when no key of the ring opens the token (written under a removed key)
     * @throws MailRefused         when the token is not a mail of this row, or the mail fails its checks
     */
    public OutgoingMail open(UUID row, String token) {
        String[] fields = ring.decrypt(token).split("\n", FIELDS);
        if (fields.length != FIELDS || !VERSION.equals(fields[0]) || !row.toString().equals(fields[1])) {
            throw new MailRefused("sealed", "is not the mail of this row");
        }
        return new OutgoingMail(fields[2], fields[3], fields[5], fields[4].isEmpty() ? null : fields[4]);
    }

    /** Moves tokens written under an older key of the ring to the first one. */
    public Reencryption reencryption() {
        return new Reencryption(ring);
    }
}
