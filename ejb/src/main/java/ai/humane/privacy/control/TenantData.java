package ai.humane.privacy.control;

import java.util.List;

/**
 * What a tenant's data is, table by table: what an export reads and what an erasure deletes or redacts. The one
 * place that knows the tables for L3, so a change of schema (people and memberships instead of users, say)
 * changes this class and nothing else. Every statement runs inside the tenant's row-level security scope, so
 * none names a tenant. Exports leave out what is a credential or a hash of one (password and key hashes,
 * sealed secrets, token hashes): the archive holds what the tenant told us and what we derived, not the keys.
 */
public final class TenantData {

    private TenantData() {
    }

    /** One kind of record in an archive: its entry name and the query of its rows, each as one JSON object. */
    public record Kind(String name, String accountQuery, String endUserQuery) {

        public String query(boolean endUser) {
            return endUser ? endUserQuery : accountQuery;
        }
    }

    private static Kind kind(String name, String select, String endUserFilter) {
        String json = "SELECT to_jsonb(r)::text FROM (" + select + ") r";
        return new Kind(name, json.replace("%s", ""), endUserFilter == null ? null : json.replace("%s", endUserFilter));
    }

    /** In archive order. An end-user export has the kinds whose end-user query is not null. */
    public static final List<Kind> KINDS = List.of(
            kind("account", "SELECT id, name, plan, created_at FROM tenants%s", null),
            kind("users", "SELECT u.id, u.email, u.name, u.role, p.email_verified_at IS NOT NULL AS email_verified, u.created_at"
                    + " FROM users u JOIN people p ON p.id = u.person_id%s ORDER BY u.id", null),
            kind("api_keys", "SELECT id, name, prefix, role, scopes, created_by, created_at, revoked_at FROM api_keys%s"
                    + " ORDER BY id", null),
            kind("engines", "SELECT id, name, kind, config, provider_url, provider_api_key IS NOT NULL AS has_provider_api_key,"
                    + " created_at, updated_at FROM engines%s ORDER BY id", null),
            kind("experiments", "SELECT id, name, status, variants, created_at, updated_at FROM experiments%s ORDER BY id", null),
            kind("end_users", "SELECT id, external_id, traits, created_at, updated_at FROM end_users%s ORDER BY id",
                    " WHERE id = ?"),
            kind("messages", "SELECT id, end_user_id, engine_id, experiment_id, variant, role, content, created_at"
                    + " FROM conversation_messages%s ORDER BY id", " WHERE end_user_id = ?"),
            kind("analyses", "SELECT id, message_id, end_user_id, engine_id, experiment_id, variant, status, method,"
                    + " fallback_reason, sentiment_score, sentiment_label, emotions, flags, language, message_at, analysed_at"
                    + " FROM message_analyses%s ORDER BY id", " WHERE end_user_id = ?"),
            kind("profile_days", "SELECT end_user_id, day, messages, analysed, sentiment_sum, emotions, flags,"
                    + " flagged_messages, last_message_at FROM end_user_activity%s ORDER BY end_user_id, day",
                    " WHERE end_user_id = ?"),
            kind("engine_usage", "SELECT engine_id, day, requests, failures, fallbacks, prompt_tokens, completion_tokens"
                    + " FROM engine_usage%s ORDER BY engine_id, day", null),
            kind("webhook_endpoints", "SELECT id, url, description, events, enabled, disabled_reason, created_at, updated_at"
                    + " FROM webhook_endpoints%s ORDER BY id", null),
            kind("webhook_events", "SELECT id, type, payload, created_at FROM webhook_events%s ORDER BY id", null),
            kind("webhook_deliveries", "SELECT id, endpoint_id, event_id, status, attempts, last_status_code, created_at,"
                    + " updated_at FROM webhook_deliveries%s ORDER BY id", null),
            kind("webhook_attempts", "SELECT id, delivery_id, attempted_at, status_code, latency_ms, error, response_excerpt"
                    + " FROM webhook_attempts%s ORDER BY id", null),
            kind("inbound_events", "SELECT id, engine_id, event_id, payload, received_at FROM inbound_events%s ORDER BY id", null),
            kind("audit_events", "SELECT seq, actor_type, actor_id, action, resource_type, resource_id, before, after,"
                    + " client_ip, created_at FROM admin_audit_events%s ORDER BY seq", null));

    /** The addresses of the tenant's owners, who are told of an account deletion. */
    public static final String OWNER_ADDRESSES = "SELECT email FROM users WHERE role = 'owner' ORDER BY id";

    /** The end user's external id, when the end user is there: the key every redaction below looks for. */
    public static final String SUBJECT = "SELECT external_id FROM end_users WHERE id = ?";

    /** Deletions, in order, each with its count's name; every one takes the end user's id once. */
    public static final List<Step> DELETIONS = List.of(
            new Step("analyses", "DELETE FROM message_analyses WHERE end_user_id = ?"),
            new Step("profile_days", "DELETE FROM end_user_activity WHERE end_user_id = ?"),
            // Messages carry the experiment assignment (experiment_id, variant): it goes with them.
            new Step("messages", "DELETE FROM conversation_messages WHERE end_user_id = ?"),
            new Step("end_users", "DELETE FROM end_users WHERE id = ?"));

    /**
     * Redacts webhook event and inbound event payloads and delivery attempt excerpts that name the end user
     * (the id, then the external id or null): {@code privacy_redact_mentions} (V22, narrowed by V33 to events
     * naming the id or an {@code external_id} member equal to it, and to the attempts that delivered them), since
     * the runtime role may not UPDATE those append-only tables itself. Answers the three counts.
     */
    public static final String REDACT_MENTIONS = "SELECT events_redacted, inbound_redacted, attempts_redacted"
            + " FROM privacy_redact_mentions(?, ?)";
    public static final List<String> REDACTED = List.of("webhook_events_redacted", "inbound_events_redacted",
            "webhook_attempts_redacted");

    /**
     * Stored answers for idempotent replay (A2) that hold the end user's objects; a replay after erasure runs
     * again. Takes the id. Every answer that names an end user carries their id (the end user's own object, a
     * message's or an analysis's {@code end_user_id}, the {@code Location}), and so do the reads of end-user data kept
     * with it for its replays (V53), which are searched as well; the external id is not looked for: a short one
     * ("user", "4") occurs in most answers, and deleting those would make other requests' replays run again (until
     * 2026-12-06 it was).
     */
    public static final Step STORED_ANSWERS = new Step("idempotency_records_deleted", "DELETE FROM idempotency_keys"
            + " WHERE position(convert_to(?, 'UTF8') IN coalesce(body, ''::bytea)"
            + " || convert_to(coalesce(location, '') || coalesce(reads::text, ''), 'UTF8')) > 0");

    /**
     * The tenant's requests still running with a claimed key: their answers, not written yet, may name the end user
     * (a PATCH whose work committed before the erasure, whose answer is kept just after it), so none of them is kept.
     * Their claim's {@code reads} is set to a JSON string, which {@code IdempotencyRecords.complete} never writes
     * over; a retry is told the request was carried out (409), as when an instance dies before keeping an answer.
     * Until 2026-12-07 such an answer was kept after the erasure and replayed the erased end user for 24 hours (a
     * review). Takes nothing; the tenant is the one in scope.
     */
    public static final String WITHHOLD_RUNNING_ANSWERS = "UPDATE idempotency_keys SET reads = '\"withheld by an"
            + " erasure\"'::jsonb WHERE state = 'running' AND reads IS NULL";

    /** Archives of the end user's own exports go; every other finished archive of the tenant is withdrawn. */
    public static final String END_USER_EXPORTS = "DELETE FROM privacy_jobs WHERE kind = 'export' AND end_user_id = ?";
    public static final String WITHDRAW_ARCHIVES = """
            WITH gone AS (DELETE FROM privacy_archive_parts RETURNING job_id)
            UPDATE privacy_jobs SET archive_bytes = NULL, expires_at = NULL, key_id = NULL
             WHERE kind = 'export' AND id IN (SELECT job_id FROM gone)""";

    /** One statement of an erasure and the name its count is reported under. */
    public record Step(String name, String sql) {
    }
}
