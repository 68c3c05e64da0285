package ai.humane.mail.control;

import ai.humane.crypto.control.KeyRing;
import ai.humane.crypto.control.Reencryption;
import ai.humane.crypto.control.TokenNotDecryptable;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
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
    private static final String REQUEST = "request-v1";
    private static final int REQUEST_FIELDS = 4;

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

    /**
     * Seals a request instead of a mail ({@link MailRequests}): its kind and the address, named by the row like a
     * mail, so the outbox holds no more of either than of a mail.
     */
    public String sealRequest(UUID row, MailKind kind, String address) {
        new OutgoingMail(address, kind.slug(), ""); // the recipient's checks: one bare address, no line break
        return ring.encrypt(String.join("\n", REQUEST, row.toString(), kind.slug(), address));
    }

    /**
     * The request sealed on this row, or empty when the row holds a mail.
     *
     * @throws TokenNotDecryptable when no key of the ring opens the token
     * @throws MailRefused         when the token is a request of another row or of no kind there is
     */
    public Optional<QueuedRequest> request(UUID row, String token) {
        String[] fields = ring.decrypt(token).split("\n", REQUEST_FIELDS);
        if (!REQUEST.equals(fields[0])) {
            return Optional.empty();
        }
        if (fields.length != REQUEST_FIELDS || !row.toString().equals(fields[1])) {
            throw new MailRefused("sealed", "is not the request of this row");
        }
        MailKind kind = Arrays.stream(MailKind.values()).filter(k -> k.slug().equals(fields[2])).findFirst()
                .orElseThrow(() -> new MailRefused("sealed", "is a request of no known kind"));
        new OutgoingMail(fields[3], kind.slug(), ""); // checked again, like every mail read back
        return Optional.of(new QueuedRequest(kind, fields[3]));
    }

    /** Moves tokens written under an older key of the ring to the first one. */
    public Reencryption reencryption() {
        return new Reencryption(ring);
    }
}
