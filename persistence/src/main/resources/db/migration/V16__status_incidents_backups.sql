-- O2 status page and O3 backups: probe rounds and their results, daily uptime, alert spells, public
-- incidents, and the record of backups.
--
-- None of these tables holds a tenant's data, so none has a tenant_id or a tenant policy. Why each may be
-- reached by the runtime role without row-level security, and with which privileges (the reasons for the
-- boot check of unwalled tables, T1):
--   status_rounds    one row per probe round, claimed by the instance that probes it; no tenant or personal
--                    data, kept 90 days (O2): SELECT, INSERT, DELETE
--   status_checks    each component's state and figure in a round (milliseconds, seconds, days); no tenant or
--                    personal data, kept 90 days (O2): SELECT, INSERT, DELETE
--   status_days      each component's checks and outages per UTC day, the public uptime bars; kept 90 days
--                    (O2): SELECT, INSERT, UPDATE, DELETE
--   status_alerts    per component, whether an outage spell was mailed to the operators and when the last
--                    certificate warning went out (O2): SELECT, INSERT, UPDATE
--   incidents, incident_updates
--                    what operators tell the public on /status; public by design, no tenant or personal data
--                    (O2): SELECT, INSERT, UPDATE
--   backup_runs      when each backup ran, its file name, size and outcome; no tenant or personal data (O3):
--                    SELECT, INSERT, UPDATE, DELETE
-- The backlog ages of the webhook queue (tenant rows under RLS) and of the mail outbox (walled off, K3) are
-- read through two SECURITY DEFINER functions below that answer one number each.

CREATE TABLE status_rounds (
    -- seconds since the epoch divided by the probe interval: one slot per interval, claimed once
    slot        bigint PRIMARY KEY,
    interval_s  int NOT NULL CHECK (interval_s BETWEEN 1 AND 3600),
    -- a random id per application start, never a host name: which instance probed (tests, operators)
    claimed_by  uuid NOT NULL,
    claimed_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX status_rounds_by_time ON status_rounds (claimed_at);

CREATE TABLE status_checks (
    slot        bigint NOT NULL REFERENCES status_rounds (slot) ON DELETE CASCADE,
    component   text NOT NULL CHECK (component ~ '^[a-z_]{1,40}$'),
    state       text NOT NULL CHECK (state IN ('operational', 'degraded', 'outage')),
    figure      double precision,
    checked_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (slot, component)
);
CREATE INDEX status_checks_latest ON status_checks (component, checked_at DESC);

CREATE TABLE status_days (
    component   text NOT NULL CHECK (component ~ '^[a-z_]{1,40}$'),
    day         date NOT NULL,
    checks      int NOT NULL DEFAULT 0 CHECK (checks >= 0),
    degraded    int NOT NULL DEFAULT 0 CHECK (degraded >= 0),
    outages     int NOT NULL DEFAULT 0 CHECK (outages >= 0),
    PRIMARY KEY (component, day),
    CHECK (degraded + outages <= checks)
);

CREATE TABLE status_alerts (
    component               text PRIMARY KEY CHECK (component ~ '^[a-z_]{1,40}$'),
    -- set while an outage spell that the operators were told about lasts; cleared by the recovery mail
    down_alerted_at         timestamptz,
    certificate_alerted_on  date
);

CREATE TABLE incidents (
    id           uuid PRIMARY KEY,
    title        text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    impact       text NOT NULL CHECK (impact IN ('minor', 'major', 'critical')),
    status       text NOT NULL CHECK (status IN ('investigating', 'identified', 'monitoring', 'resolved')),
    opened_at    timestamptz NOT NULL DEFAULT now(),
    resolved_at  timestamptz,
    CHECK ((status = 'resolved') = (resolved_at IS NOT NULL))
);
CREATE INDEX incidents_recent ON incidents (opened_at DESC);

CREATE TABLE incident_updates (
    id           uuid PRIMARY KEY,
    incident_id  uuid NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
    status       text NOT NULL CHECK (status IN ('investigating', 'identified', 'monitoring', 'resolved')),
    message      text NOT NULL CHECK (length(message) BETWEEN 1 AND 2000),
    created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX incident_updates_by_incident ON incident_updates (incident_id, created_at);

CREATE TABLE backup_runs (
    id           uuid PRIMARY KEY,
    kind         text NOT NULL CHECK (kind IN ('nightly', 'manual')),
    -- the UTC day a nightly run is for: one instance of a cluster claims it
    day          date NOT NULL,
    status       text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'succeeded', 'failed')),
    started_at   timestamptz NOT NULL DEFAULT now(),
    finished_at  timestamptz,
    name         text CHECK (length(name) <= 200),
    bytes        bigint CHECK (bytes >= 0),
    encrypted    boolean,
    error        text CHECK (length(error) <= 500),
    CHECK ((status = 'running') = (finished_at IS NULL))
);
CREATE UNIQUE INDEX backup_runs_one_nightly ON backup_runs (day) WHERE kind = 'nightly';
CREATE INDEX backup_runs_good ON backup_runs (finished_at DESC) WHERE status = 'succeeded';

GRANT SELECT, INSERT, DELETE ON status_rounds, status_checks TO ${app_role};
GRANT SELECT, INSERT, UPDATE, DELETE ON status_days TO ${app_role};
GRANT SELECT, INSERT, UPDATE ON status_alerts, incidents, incident_updates TO ${app_role};
GRANT SELECT, INSERT, UPDATE, DELETE ON backup_runs TO ${app_role};

-- Seconds the oldest due webhook delivery has been waiting, or 0. Reads every tenant's queue through the
-- owner's dispatch_scan policy (V6) and answers one number: no id, tenant or URL.
CREATE FUNCTION status_webhook_backlog_seconds()
    RETURNS double precision
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ SELECT COALESCE(extract(epoch FROM now() - min(next_attempt_at)), 0)::double precision
            FROM webhook_deliveries
           WHERE (status = 'pending' AND next_attempt_at <= now()) OR (status = 'sending' AND claimed_until <= now()) $$;

-- Seconds the oldest due e-mail has been waiting in the outbox, or 0. The outbox stays walled off (K3):
-- this answers one number and nothing of any mail.
CREATE FUNCTION status_mail_backlog_seconds()
    RETURNS double precision
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ SELECT COALESCE(extract(epoch FROM now() - min(next_attempt_at)), 0)::double precision
            FROM mail_outbox
           WHERE (status = 'pending' AND next_attempt_at <= now()) OR (status = 'sending' AND claimed_until <= now()) $$;

REVOKE ALL ON FUNCTION status_webhook_backlog_seconds(), status_mail_backlog_seconds() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION status_webhook_backlog_seconds(), status_mail_backlog_seconds() TO ${app_role};
