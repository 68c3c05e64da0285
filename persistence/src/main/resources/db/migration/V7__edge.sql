-- Edge controls (A1, A2, K4 public endpoints).

-- A1: request counters of the sliding-window limiter, one row per (bucket, fixed minute). Shared by
-- every instance, so a client cannot multiply its quota by landing on another node. UNLOGGED: a
-- counter lost in a crash costs at most one window of leniency, and skipping the WAL halves the
-- cost of the per-request UPSERT. A system table without tenant_id (buckets name an API key, a user
-- or an address), so outside row-level security; only ai.humane.ratelimit touches it.
CREATE UNLOGGED TABLE rate_windows (
    bucket        text   NOT NULL CHECK (length(bucket) <= 200),
    window_start  bigint NOT NULL,
    hits          int    NOT NULL DEFAULT 1,
    PRIMARY KEY (bucket, window_start)
);
GRANT SELECT, INSERT, UPDATE, DELETE ON rate_windows TO ${app_role};

-- A2: the first response to a mutating request that carried an Idempotency-Key, for 24 h. Scoped
-- to the tenant (row-level security, as every tenant table) and the credential.
CREATE TABLE idempotency_keys (
    tenant_id     uuid        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    credential    text        NOT NULL CHECK (length(credential) <= 100),
    key           text        NOT NULL CHECK (length(key) BETWEEN 1 AND 255),
    fingerprint   bytea       NOT NULL,
    state         text        NOT NULL DEFAULT 'running' CHECK (state IN ('running', 'done')),
    status        int,
    content_type  text,
    location      text,
    body          bytea,
    claimed_at    timestamptz NOT NULL DEFAULT now(),
    expires_at    timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, credential, key),
    CHECK ((state = 'done') = (status IS NOT NULL))
);
CREATE INDEX idempotency_keys_expiry ON idempotency_keys (expires_at);
ALTER TABLE idempotency_keys ENABLE ROW LEVEL SECURITY;
ALTER TABLE idempotency_keys FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON idempotency_keys
    USING (tenant_id = humane_current_tenant()) WITH CHECK (tenant_id = humane_current_tenant());
GRANT SELECT, INSERT, UPDATE, DELETE ON idempotency_keys TO ${app_role};

-- The purge timer runs without a tenant: it may delete expired rows of every tenant, and only through
-- this function, which touches nothing else.
CREATE POLICY expiry_purge_read ON idempotency_keys FOR SELECT TO CURRENT_USER USING (expires_at < now());
CREATE POLICY expiry_purge ON idempotency_keys FOR DELETE TO CURRENT_USER USING (expires_at < now());
CREATE FUNCTION purge_expired_idempotency_keys() RETURNS bigint
    LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ WITH gone AS (DELETE FROM idempotency_keys WHERE expires_at < now() RETURNING 1) SELECT count(*) FROM gone $$;
REVOKE ALL ON FUNCTION purge_expired_idempotency_keys() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION purge_expired_idempotency_keys() TO ${app_role};

-- Public endpoints: FAQ entries shipped with the application, searched with full-text search.
CREATE TABLE faq_entries (
    id        int  PRIMARY KEY,
    question  text NOT NULL,
    answer    text NOT NULL,
    search    tsvector GENERATED ALWAYS AS (
                  setweight(to_tsvector('english', question), 'A') || setweight(to_tsvector('english', answer), 'B')) STORED
);
CREATE INDEX faq_entries_search ON faq_entries USING gin (search);
GRANT SELECT ON faq_entries TO ${app_role};

INSERT INTO faq_entries (id, question, answer) VALUES
 (1, 'What is Humane?', 'Humane is a multi-tenant behavioural intelligence API: engines analyse conversations with your end users and experiments compare engines.'),
 (2, 'How do I get an API key?', 'An owner or admin creates API keys under /api/v1/api-keys. The key is shown once; store it in a secret manager.'),
 (3, 'What are the rate limits?', 'Every response carries RateLimit-Policy and RateLimit headers. Limits depend on the plan (free, pro, scale, enterprise); over the limit the API answers 429 with Retry-After.'),
 (4, 'How do I retry a request safely?', 'Send an Idempotency-Key header with POST, PUT, PATCH and DELETE. A retry within 24 hours gets the first response again with Idempotent-Replayed: true.'),
 (5, 'Where is my data stored and who can see it?', 'Each tenant''s data is kept apart by the application and by row-level security in PostgreSQL. Personal data is scrubbed from logs.'),
 (6, 'How do I reset my password?', 'Use the password reset link on the sign-in page; the e-mail contains a single-use link valid for one hour.'),
 (7, 'How do I contact support?', 'Write to us through the support form or POST /api/v1/public/support with your e-mail address and message.'),
 (8, 'Which plans are available?', 'Free, Pro, Scale and Enterprise. Plans differ in rate limits, retention and support response times.'),
 (9, 'How do I report a security vulnerability?', 'See /.well-known/security.txt for the contact address and our disclosure policy.'),
 (10, 'Can I delete my account and data?', 'Owners can delete the tenant; end users can be erased individually through the API.');

-- Waiting list: one row per normalised address; a second sign-up is accepted without a trace
-- (ON CONFLICT DO NOTHING without a target, so the runtime role needs no SELECT).
CREATE TABLE waitlist (
    email       text        PRIMARY KEY CHECK (length(email) BETWEEN 3 AND 320),
    created_at  timestamptz NOT NULL DEFAULT now()
);
GRANT INSERT ON waitlist TO ${app_role};

-- Support requests from the public form; also e-mailed to the support address through the outbox.
CREATE TABLE support_requests (
    id          uuid        PRIMARY KEY,
    email       text        NOT NULL CHECK (length(email) BETWEEN 3 AND 320),
    message     text        NOT NULL CHECK (length(message) BETWEEN 1 AND 5000),
    created_at  timestamptz NOT NULL DEFAULT now()
);
GRANT INSERT ON support_requests TO ${app_role};
