package ai.humane.optouts.control;

import java.util.Optional;

/**
 * The kinds of e-mail a person may stop. Security e-mail (verification, password reset, invitations) is
 * no list: it cannot be stopped. {@code code} is what a token carries, {@code slug} what the database and
 * the API say.
 */
public enum MailList {

    /** Operational notices about the account, such as {@code webhook_failing} (W4). */
    NOTIFICATIONS((byte) 1, "notifications");

    private final byte code;
    private final String slug;

    MailList(byte code, String slug) {
        this.code = code;
        this.slug = slug;
    }

    public byte code() {
        return code;
    }

    public String slug() {
        return slug;
    }

    static Optional<MailList> of(byte code) {
        for (MailList list : values()) {
            if (list.code == code) {
                return Optional.of(list);
            }
        }
        return Optional.empty();
    }
}
