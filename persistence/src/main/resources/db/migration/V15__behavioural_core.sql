-- The behavioural core (issue 13): every message gets an analysis; LLM analyses wait in a durable queue
-- (this table) claimed with FOR UPDATE SKIP LOCKED and a lease; end users get a rolling profile kept in
-- daily buckets; LLM token usage is counted per tenant, engine and day; messages may run through an
-- experiment's variant. Every table is tenant-owned behind forced row-level security (T1); composite
-- foreign keys keep each reference inside its tenant. No table holds message content: that stays in
-- conversation_messages, the one place personal data of a conversation lives.

ALTER TABLE conversation_messages
    ADD COLUMN experiment_id uuid,
    ADD COLUMN variant       text CHECK (length(variant) BETWEEN 1 AND 100),
    ADD CONSTRAINT conversation_messages_variant CHECK ((experiment_id IS NULL) = (variant IS NULL)),
    -- Experiments are never deleted on their own (no DELETE endpoint); with their tenant, everything goes.
    ADD FOREIGN KEY (tenant_id, experiment_id) REFERENCES experiments (tenant_id, id);
CREATE INDEX conversation_messages_by_experiment ON conversation_messages (tenant_id, experiment_id, variant)
    WHERE experiment_id IS NOT NULL;

-- One analysis per message (idempotent: UNIQUE message_id). A lexicon analysis is written completed in the
-- message's own transaction; an LLM analysis starts pending and is claimed by the analysis dispatcher.
CREATE TABLE message_analyses (
    id                 uuid PRIMARY KEY,
    tenant_id          uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    message_id         uuid NOT NULL,
    end_user_id        uuid NOT NULL,
    engine_id          uuid,
    experiment_id      uuid,
    variant            text CHECK (length(variant) BETWEEN 1 AND 100),
    status             text NOT NULL CHECK (status IN ('pending', 'running', 'completed', 'unsupported_language')),
    method             text CHECK (method IN ('lexicon', 'llm')),
    fallback_reason    text CHECK (length(fallback_reason) <= 200),
    sentiment_score    double precision CHECK (sentiment_score BETWEEN -1 AND 1),
    sentiment_label    text CHECK (sentiment_label IN ('positive', 'negative', 'neutral', 'mixed')),
    emotions           jsonb CHECK (jsonb_typeof(emotions) = 'object'),
    flags              jsonb CHECK (jsonb_typeof(flags) = 'array'),
    language           text CHECK (length(language) BETWEEN 2 AND 3),
    attempts           int NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    next_attempt_at    timestamptz NOT NULL DEFAULT now(),
    last_error         text CHECK (length(last_error) <= 200),
    claim_id           uuid,
    claimed_until      timestamptz,
    message_at         timestamptz NOT NULL,
    created_at         timestamptz NOT NULL DEFAULT now(),
    analysed_at        timestamptz,
    UNIQUE (tenant_id, id),
    UNIQUE (tenant_id, message_id),
    CHECK ((status = 'running') = (claim_id IS NOT NULL AND claimed_until IS NOT NULL)),
    CHECK ((status IN ('completed', 'unsupported_language')) = (analysed_at IS NOT NULL AND method IS NOT NULL)),
    FOREIGN KEY (tenant_id, message_id) REFERENCES conversation_messages (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, end_user_id) REFERENCES end_users (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, engine_id) REFERENCES engines (tenant_id, id) ON DELETE SET NULL (engine_id),
    FOREIGN KEY (tenant_id, experiment_id) REFERENCES experiments (tenant_id, id)
);
CREATE INDEX message_analyses_due ON message_analyses (next_attempt_at) WHERE status IN ('pending', 'running');
CREATE INDEX message_analyses_by_experiment ON message_analyses (tenant_id, experiment_id, variant)
    WHERE experiment_id IS NOT NULL;

-- The rolling profile: one row per end user and UTC day, bumped by every message and every finished
-- analysis, so GET /profile sums at most 30 rows for the windows and reads the totals from all of them.
CREATE TABLE end_user_activity (
    tenant_id        uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    end_user_id      uuid NOT NULL,
    day              date NOT NULL,
    messages         int NOT NULL DEFAULT 0 CHECK (messages >= 0),
    analysed         int NOT NULL DEFAULT 0 CHECK (analysed >= 0),
    sentiment_sum    double precision NOT NULL DEFAULT 0,
    emotions         jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(emotions) = 'object'),
    flags            jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(flags) = 'object'),
    flagged_messages int NOT NULL DEFAULT 0 CHECK (flagged_messages >= 0),
    last_message_at  timestamptz,
    PRIMARY KEY (tenant_id, end_user_id, day),
    FOREIGN KEY (tenant_id, end_user_id) REFERENCES end_users (tenant_id, id) ON DELETE CASCADE
);

-- Tokens an LLM engine spent, per tenant, engine and UTC day.
CREATE TABLE engine_usage (
    tenant_id          uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    engine_id          uuid NOT NULL,
    day                date NOT NULL,
    requests           int NOT NULL DEFAULT 0 CHECK (requests >= 0),
    failures           int NOT NULL DEFAULT 0 CHECK (failures >= 0),
    fallbacks          int NOT NULL DEFAULT 0 CHECK (fallbacks >= 0),
    prompt_tokens      bigint NOT NULL DEFAULT 0 CHECK (prompt_tokens >= 0),
    completion_tokens  bigint NOT NULL DEFAULT 0 CHECK (completion_tokens >= 0),
    PRIMARY KEY (tenant_id, engine_id, day),
    FOREIGN KEY (tenant_id, engine_id) REFERENCES engines (tenant_id, id) ON DELETE CASCADE
);

DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['message_analyses', 'end_user_activity', 'engine_usage'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = humane_current_tenant()) '
                       'WITH CHECK (tenant_id = humane_current_tenant())', t);
    END LOOP;
END $$;

-- The analysis dispatcher runs without a tenant: it learns which tenants have due LLM analyses through this
-- one function (ids only), then claims tenant by tenant inside each tenant's row-level security scope, as the
-- webhook dispatcher does (V6).
CREATE POLICY analysis_scan ON message_analyses FOR SELECT TO CURRENT_USER USING (true);
CREATE FUNCTION analysis_tenants_with_due_work()
    RETURNS SETOF uuid
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ SELECT DISTINCT a.tenant_id FROM message_analyses a
          WHERE (a.status = 'pending' AND a.next_attempt_at <= now())
             OR (a.status = 'running' AND a.claimed_until <= now()) $$;
REVOKE ALL ON FUNCTION analysis_tenants_with_due_work() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION analysis_tenants_with_due_work() TO ${app_role};

-- Provider API keys are Fernet tokens (K3) like webhook secrets: the nightly re-encryption learns the tenants
-- holding them through the same function, now also over engines.
CREATE POLICY secret_scan ON engines FOR SELECT TO CURRENT_USER USING (true);
CREATE OR REPLACE FUNCTION webhook_tenants_with_secrets()
    RETURNS SETOF uuid
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ SELECT tenant_id FROM webhook_endpoints UNION SELECT tenant_id FROM inbound_secrets
          UNION SELECT tenant_id FROM engines WHERE provider_api_key IS NOT NULL $$;

GRANT SELECT, INSERT, UPDATE, DELETE ON message_analyses TO ${app_role};
GRANT SELECT, INSERT, UPDATE, DELETE ON end_user_activity TO ${app_role};
GRANT SELECT, INSERT, UPDATE, DELETE ON engine_usage TO ${app_role};
