package ai.humane.privacy.control;

import ai.humane.json.control.JsonP;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

/**
 * Erases one end user (L3) in the caller's transaction, in the tenant's scope: deletes their messages (with
 * the experiment assignment each carries), analyses (the LLM queue included), profile days and the end user,
 * redacts whatever else names them (webhook event payloads, inbound event payloads,
 * delivery attempt excerpts, stored answers for idempotent replay), drops exports of them and withdraws every
 * other finished archive of the tenant, which may hold them too. Answers counts only. Running it again finds
 * nothing and counts zeros: idempotent.
 */
public final class Erasure {

    private Erasure() {
    }

    public static JsonObject erase(Connection db, UUID endUser) throws SQLException {
        JsonObjectBuilder counts = JsonP.createObjectBuilder();
        String id = endUser.toString();
        String externalId = externalId(db, endUser);
        for (TenantData.Step step : TenantData.DELETIONS) {
            counts.add(step.name(), run(db, step.sql(), endUser));
        }
        try (PreparedStatement redact = db.prepareStatement(TenantData.REDACT_MENTIONS)) {
            redact.setString(1, id);
            redact.setString(2, externalId);
            try (ResultSet row = redact.executeQuery()) {
                row.next();
                for (int i = 0; i < TenantData.REDACTED.size(); i++) {
                    counts.add(TenantData.REDACTED.get(i), row.getInt(i + 1));
                }
            }
        }
        counts.add(TenantData.STORED_ANSWERS.name(), run(db, TenantData.STORED_ANSWERS.sql(), id));
        counts.add("running_answers_withheld", run(db, TenantData.WITHHOLD_RUNNING_ANSWERS));
        counts.add("exports_deleted", run(db, TenantData.END_USER_EXPORTS, endUser));
        counts.add("archives_withdrawn", run(db, TenantData.WITHDRAW_ARCHIVES));
        return counts.build();
    }

    private static String externalId(Connection db, UUID endUser) throws SQLException {
        try (PreparedStatement query = db.prepareStatement(TenantData.SUBJECT)) {
            query.setObject(1, endUser);
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? row.getString(1) : null;
            }
        }
    }

    private static int run(Connection db, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = db.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            return statement.executeUpdate();
        }
    }
}
