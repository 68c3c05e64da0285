package ai.humane.webhooks.control;

import ai.humane.mail.control.MailKind;
import ai.humane.mail.control.MailQueue;
import ai.humane.mail.control.OutgoingMail;
import ai.humane.optouts.control.MailList;
import ai.humane.optouts.control.UnsubscribeLinks;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * What a delivery's outcome does to its endpoint (W4), in the dispatcher's tenant-scoped transaction: 410
 * disables it, a given-up delivery starts a failing spell (a success ends it, in the statement that records the
 * success: {@link DeliveryRows#record}; a new URL or an enabling ends it too, V51's trigger, and only tries claimed
 * since count towards the next). Only the update that starts
 * the spell queues the {@code webhook_failing} e-mail, in the same transaction, so one spell sends one.
 * The e-mail is a notification (K4): each owner's copy carries that owner's signed unsubscribe links (the
 * console's page in the body, the one-click URL in {@code List-Unsubscribe}), and owners who used one are not
 * written to.
 */
public class EndpointRows {

    private static final String OWNERS = "SELECT u.id, u.tenant_id, u.email FROM users u WHERE u.role = 'owner' "
            + "AND NOT EXISTS (SELECT 1 FROM email_opt_outs o WHERE o.tenant_id = u.tenant_id AND o.user_id = u.id "
            + "AND o.list = ?)";

    /**
     * Starts the spell, and says whether its owners are told (V57): not when they were told of this endpoint in the
     * last 24 hours at the same spell generation. A receiver that fails some events and takes others starts a spell
     * with each give-up; without the floor each one mailed every owner. A spell that started inside the floor, untold,
     * is told by the first give-up once the floor has passed: without that, a receiver that took one delivery and then
     * died stayed failing, untold, for good (a read-only review, 2026-12-07). The lock is the row's, taken before it
     * is read. The times are the clock's when the statement runs, not its transaction's start: a recording that began
     * before another told a spell, and waited for the row, must not date the spell it starts before that notice, or
     * the spell would read as told.
     */
    private static final String SPELL_STARTS = """
            WITH before AS (
                SELECT id, clock_timestamp() AS at,
                       failing_noticed_at IS NULL OR failing_noticed_at <= clock_timestamp() - interval '24 hours'
                           OR failing_noticed_generation IS DISTINCT FROM spell_generation AS tell,
                       failing_since IS NOT NULL AND (failing_noticed_at IS NULL OR failing_noticed_at < failing_since
                           OR failing_noticed_generation IS DISTINCT FROM spell_generation) AS untold
                  FROM webhook_endpoints WHERE id = ? FOR UPDATE)
            UPDATE webhook_endpoints e
               SET failing_since = coalesce(e.failing_since, before.at),
                   failing_noticed_at = CASE WHEN before.tell THEN before.at ELSE e.failing_noticed_at END,
                   failing_noticed_generation = CASE WHEN before.tell THEN e.spell_generation
                                                     ELSE e.failing_noticed_generation END
              FROM before
             WHERE e.id = before.id AND e.spell_generation <= ?
               AND (e.failing_since IS NULL OR (before.untold AND before.tell))
            RETURNING e.url, before.tell""";

    private final UnsubscribeLinks unsubscribe;
    private final MailQueue outbox;

    public EndpointRows(UnsubscribeLinks unsubscribe, MailQueue outbox) {
        this.unsubscribe = unsubscribe;
        this.outbox = outbox;
    }

    /**
     * Disables the endpoint while it is still at {@code generation} (V45); its pending deliveries are held with it, out
     * of every claim round, until it is enabled (the trigger of V43, which holds them whoever disables it). Answers the
     * generation the disabling gave it, or nothing when the endpoint changed since (or is disabled or gone already).
     */
    public OptionalLong disable(Connection db, UUID endpointId, long generation, String reason) throws SQLException {
        try (PreparedStatement update = db.prepareStatement("UPDATE webhook_endpoints SET enabled = false, "
                + "disabled_reason = ?, updated_at = now() WHERE id = ? AND generation = ? AND enabled "
                + "RETURNING generation")) {
            update.setString(1, reason);
            update.setObject(2, endpointId);
            update.setLong(3, generation);
            try (ResultSet row = update.executeQuery()) {
                return row.next() ? OptionalLong.of(row.getLong(1)) : OptionalLong.empty();
            }
        }
    }

    /**
     * Starts a failing spell unless one is running, for a delivery given up by a try whose claim read the endpoint at
     * {@code generation}; answers how many owners were told (none when they were told of this endpoint's failing in
     * the last 24 hours, {@link #SPELL_STARTS}). A claim read before the endpoint's URL changed or it was
     * enabled starts nothing (V51): its tries went to the old URL or to the receiver before the pause, and the spell
     * is about the one the endpoint points at now, whose URL the e-mail names.
     */
    public int failing(Connection db, UUID endpointId, long generation) throws SQLException {
        String url;
        try (PreparedStatement update = db.prepareStatement(SPELL_STARTS)) {
            update.setObject(1, endpointId);
            update.setLong(2, generation);
            try (ResultSet row = update.executeQuery()) {
                if (!row.next() || !row.getBoolean(2)) {
                    return 0;
                }
                url = row.getString(1);
            }
        }
        return tellOwners(db, endpointId, url);
    }


    private int tellOwners(Connection db, UUID endpointId, String url) throws SQLException {
        int told = 0;
        try (PreparedStatement owners = db.prepareStatement(OWNERS)) {
            owners.setString(1, MailList.NOTIFICATIONS.slug());
            try (ResultSet owner = owners.executeQuery()) {
                while (owner.next()) {
                    UnsubscribeLinks.Link link = unsubscribe.link(owner.getObject(2, UUID.class),
                            owner.getObject(1, UUID.class), MailList.NOTIFICATIONS);
                    outbox.queue(db, MailKind.WEBHOOK_FAILING, new OutgoingMail(owner.getString(3),
                            "[Humane] webhook_failing: an endpoint is failing", notice(endpointId, url, link.page()),
                            link.oneClick()));
                    told++;
                }
            }
        }
        return told;
    }

    private static String notice(UUID endpointId, String url, String unsubscribePage) {
        return "Deliveries to your webhook endpoint " + endpointId + " (" + url + ") keep failing and one "
                + "was given up after 24 hours of retries.\n\nSee the Webhook Monitor for each "
                + "attempt, fix the receiver, then retry the failed deliveries. You will not be "
                + "told again until a delivery to this endpoint succeeds and later fails anew.\n\n"
                + "Stop notifications like this one (security e-mails are always sent):\n" + unsubscribePage + "\n";
    }
}
