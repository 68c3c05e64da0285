-- L1, O6: the places for exports of a tenant's audit log, shared by every instance. An export walks the whole log in
-- short transactions of 500 events; until now each instance counted its own exports (a bulkhead in memory), so N
-- replicas let a tenant run 2N walks at once against the one database. A place is now a row: at most p_places per
-- tenant (the application asks for 2), each held by one export (holder, a random id the instance made) until
-- held_until. The holding instance renews its rows every 10 seconds and with each batch it reads; an instance that
-- dies renews nothing, so its places are free once their lease has run out.
--
-- Every batch of an export renews its own row first, in the batch's transaction, and so holds the row's lock while it
-- reads: a row is taken over only when its lease has run out and no transaction holds it (SKIP LOCKED), so two
-- exports never read under one place, not even when a holder was thought dead too early; its next batch finds the row
-- gone to another and ends the export.
CREATE TABLE audit_export_places (
    tenant_id  uuid        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    place      integer     NOT NULL CHECK (place >= 0),
    holder     uuid        NOT NULL,
    held_until timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, place)
);

ALTER TABLE audit_export_places ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_export_places FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON audit_export_places USING (tenant_id = humane_current_tenant())
    WITH CHECK (tenant_id = humane_current_tenant());
GRANT SELECT, INSERT, UPDATE, DELETE ON audit_export_places TO ${app_role};

-- Takes one of the p_places places of the tenant in scope for p_holder, leased for p_lease; false when every place
-- is held (leased, or being read under by its holder). A place with no row is inserted; one whose lease ran out is
-- taken over unless a transaction holds its row; a taker never waits on a batch. Concurrent takers of one new place
-- queue on its key (for the other's short transaction), and the one that comes second moves on to the next place. Without a tenant in scope it raises HT001, as the functions of V10.
CREATE FUNCTION audit_export_place_take(p_holder uuid, p_places integer, p_lease interval)
    RETURNS boolean
    LANGUAGE plpgsql VOLATILE SET search_path = public, pg_temp
    AS $$
DECLARE
    tenant uuid := humane_current_tenant();
    candidate integer;
BEGIN
    IF tenant IS NULL THEN
        RAISE EXCEPTION 'audit export places are taken only inside a tenant''s scope' USING ERRCODE = 'HT001';
    END IF;
    FOR candidate IN SELECT n FROM generate_series(0, p_places - 1) n LOOP
        -- Only a place with no row at all is inserted: an insert that meets a row a batch is renewing waits for it.
        IF NOT EXISTS (SELECT 1 FROM audit_export_places p WHERE p.tenant_id = tenant AND p.place = candidate) THEN
            INSERT INTO audit_export_places (tenant_id, place, holder, held_until)
            VALUES (tenant, candidate, p_holder, clock_timestamp() + p_lease)
            ON CONFLICT (tenant_id, place) DO NOTHING;
            IF FOUND THEN
                RETURN true;
            END IF;
        END IF;
        UPDATE audit_export_places p SET holder = p_holder, held_until = clock_timestamp() + p_lease
        FROM (SELECT q.tenant_id, q.place FROM audit_export_places q
              WHERE q.tenant_id = tenant AND q.place = candidate AND q.held_until < clock_timestamp()
              FOR UPDATE SKIP LOCKED) lapsed
        WHERE p.tenant_id = lapsed.tenant_id AND p.place = lapsed.place;
        IF FOUND THEN
            RETURN true;
        END IF;
    END LOOP;
    RETURN false;
END $$;

REVOKE ALL ON FUNCTION audit_export_place_take(uuid, integer, interval) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION audit_export_place_take(uuid, integer, interval) TO ${app_role};
