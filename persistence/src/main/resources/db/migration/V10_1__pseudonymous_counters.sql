-- S2, S7, A1: the tables without row-level security that counted or remembered people held their e-mail
-- and client addresses in clear, and signup_addresses kept them forever. From here on each row is keyed by a
-- 32-byte HMAC-SHA256 pseudonym, under a key derived from HMAC_KEY for that one purpose (the application
-- computes it; the database never sees the key), and a timer deletes what no longer counts. The CHECKs refuse
-- anything that is not 32 bytes, so an address or an e-mail in clear cannot be stored here by mistake.
--
-- The rows already stored cannot be keyed here (the database has no HMAC_KEY), so they are dropped: the
-- throttle and the rate limiter forget at most an hour and a minute of counts, and each client address that
-- signed up before is treated as new once more (its next sign-up waits for e-mail verification, S7).

DROP TABLE login_throttle;
CREATE TABLE login_throttle (
    key              bytea PRIMARY KEY CHECK (length(key) = 32),
    failures         integer NOT NULL,
    last_failure_at  timestamptz NOT NULL,
    blocked_until    timestamptz
);
-- Retention: a failure spell older than an hour starts afresh, so such a row counts nothing once its block
-- (at most 15 minutes) has ended.
CREATE INDEX login_throttle_expiry ON login_throttle (last_failure_at);

DROP TABLE signup_addresses;
CREATE TABLE signup_addresses (
    address        bytea PRIMARY KEY CHECK (length(address) = 32),
    first_seen_at  timestamptz NOT NULL DEFAULT now()
);
-- Retention: an address is remembered for 90 days from its first sign-up; after that it is new again.
CREATE INDEX signup_addresses_expiry ON signup_addresses (first_seen_at);

-- UNLOGGED and fillfactor 50 as in V9; retention is the per-minute purge of windows that count no more.
DROP TABLE rate_buckets;
CREATE UNLOGGED TABLE rate_buckets (
    bucket        bytea  PRIMARY KEY CHECK (length(bucket) = 32),
    window_start  bigint NOT NULL,
    hits          int    NOT NULL,
    previous      int    NOT NULL
) WITH (fillfactor = 50);

GRANT SELECT, INSERT, UPDATE, DELETE ON login_throttle, signup_addresses, rate_buckets TO ${app_role};
