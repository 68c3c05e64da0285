package ai.humane.privacy.control;

import ai.humane.mail.control.MailKind;
import ai.humane.mail.control.MailQueue;
import ai.humane.mail.control.OutgoingMail;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * An account's deletion (L3): requested by an owner, cancellable during its grace period, then purged by the
 * tenant closure of V10 ({@code close_tenant}: every row of every tenant table, the audit log excepted, which
 * its own retention removes). The owners are mailed when it is asked for, cancelled and done. All on the
 * caller's connection, in the tenant's scope.
 */
public final class AccountDeletion {

    private AccountDeletion() {
    }

    /** When the purge is due, if a deletion is pending. */
    public static Optional<Instant> pending(Connection db) throws SQLException {
        try (PreparedStatement query = db.prepareStatement("SELECT purge_after FROM account_deletions");
             ResultSet row = query.executeQuery()) {
            return row.next() ? Optional.of(row.getTimestamp(1).toInstant()) : Optional.empty();
        }
    }

    /** Schedules the purge; a deletion already pending keeps its date. */
    public static boolean request(Connection db, UUID owner, Instant purgeAfter) throws SQLException {
        return PrivacyJobs.update(db, "INSERT INTO account_deletions (tenant_id, requested_by, purge_after)"
                + " VALUES (humane_current_tenant(), ?, ?) ON CONFLICT (tenant_id) DO NOTHING", owner,
                Timestamp.from(purgeAfter)) == 1;
    }

    public static boolean cancel(Connection db) throws SQLException {
        return PrivacyJobs.update(db, "DELETE FROM account_deletions") == 1;
    }

    /**
     * Purges the account in scope when its grace period is over and no other instance is at it (the row is
     * locked, SKIP LOCKED). The owners' mail is queued first, in the same transaction: the outbox is no tenant
     * table, so it outlives the purge, while the addresses do not. {@code endpoints} gets the webhook endpoints the
     * purge deletes: once it commits, the dispatcher's lanes must send none of their claimed deliveries (W3).
     */
    public static boolean purgeIfDue(Connection db, MailQueue mail, List<UUID> endpoints) throws SQLException {
        try (PreparedStatement due = db.prepareStatement(
                "SELECT 1 FROM account_deletions WHERE purge_after <= now() FOR UPDATE SKIP LOCKED");
             ResultSet row = due.executeQuery()) {
            if (!row.next()) {
                return false;
            }
        }
        tellOwners(db, mail, "[Humane] your account has been deleted",
                "As an owner asked, the account and all its data have been deleted. Its audit log is kept for"
                        + " 24 months and then deleted too.");
        try (PreparedStatement query = db.prepareStatement("SELECT id FROM webhook_endpoints");
             ResultSet row = query.executeQuery()) {
            while (row.next()) {
                endpoints.add(row.getObject(1, UUID.class));
            }
        }
        try (PreparedStatement close = db.prepareStatement("CALL close_tenant('system', NULL)")) {
            close.execute();
        }
        // The tenant row stays with its audit log for 24 months; the card it paid with does not: the provider's
        // sealed token, brand and last four digits go with the rest of the account.
        try (PreparedStatement forget = db.prepareStatement("UPDATE tenants SET payment_token = NULL, payment_brand = NULL,"
                + " payment_last4 = NULL WHERE id = humane_current_tenant()")) {
            forget.executeUpdate();
        }
        return true;
    }

    /** Queues one mail to each owner of the tenant in scope. */
    public static int tellOwners(Connection db, MailQueue mail, String subject, String body) throws SQLException {
        return tellOwners(db, mail, subject, body, address -> true);
    }

    /**
     * Queues one mail to each owner of the tenant in scope whose address {@code budget} admits (a notice a caller
     * prompted spends the owner's notice budget, A3); answers how many were queued.
     */
    public static int tellOwners(Connection db, MailQueue mail, String subject, String body, Predicate<String> budget)
            throws SQLException {
        int told = 0;
        try (PreparedStatement owners = db.prepareStatement(TenantData.OWNER_ADDRESSES);
             ResultSet owner = owners.executeQuery()) {
            while (owner.next()) {
                if (budget.test(owner.getString(1))) {
                    mail.queue(db, MailKind.ACCOUNT_DELETION, new OutgoingMail(owner.getString(1), subject, body));
                    told++;
                }
            }
        }
        return told;
    }
}
