-- An erasure (L3) redacted whatever held the end user's external id as any JSON value, and cleared every delivery
-- attempt whose excerpt or error held it anywhere: an external id such as "user" or "4" matched every
-- message.created event ("role": "user") and most excerpts, so erasing one end user erased the others' events
-- (pending deliveries then carried {"erased": true}) and their receivers' answers. Now:
--   * a webhook event is redacted when its text holds the end user's id (every event naming an end user carries
--     it) or when a member named external_id, at any depth, equals their external id;
--   * an inbound event (a customer's own payload, whose member names are theirs) as before: the id anywhere, or
--     any JSON value equal to the external id;
--   * an attempt's excerpt and error are cleared when the attempt delivered one of the events just redacted (the
--     receiver's answer about the end user), or when they hold the id.
CREATE OR REPLACE FUNCTION privacy_redact_mentions(p_id text, p_external_id text,
                                                   OUT events_redacted int, OUT inbound_redacted int,
                                                   OUT attempts_redacted int)
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
    AS $$
DECLARE
    tenant uuid := humane_current_tenant();
    needles jsonb := jsonb_build_object('id', p_id, 'external', coalesce(p_external_id, p_id));
    redacted uuid[];
BEGIN
    IF tenant IS NULL THEN
        RAISE EXCEPTION 'redaction needs a tenant in scope' USING ERRCODE = 'HT001';
    END IF;
    WITH named AS (
        UPDATE webhook_events SET payload = (payload - 'data') || '{"data": {"erased": true}}'
         WHERE tenant_id = tenant
           AND (strpos(payload::text, p_id) > 0
                OR jsonb_path_exists(payload, '$.**.external_id ? (@ == $external)', needles))
        RETURNING id)
    SELECT coalesce(array_agg(id), '{}') INTO redacted FROM named;
    events_redacted := cardinality(redacted);
    UPDATE inbound_events SET payload = '{"erased": true}'
     WHERE tenant_id = tenant
       AND (strpos(payload::text, p_id) > 0 OR jsonb_path_exists(payload, '$.** ? (@ == $id || @ == $external)', needles));
    GET DIAGNOSTICS inbound_redacted = ROW_COUNT;
    UPDATE webhook_attempts SET response_excerpt = NULL, error = NULL
     WHERE tenant_id = tenant
       AND (response_excerpt IS NOT NULL OR error IS NOT NULL)
       AND (delivery_id IN (SELECT d.id FROM webhook_deliveries d WHERE d.tenant_id = tenant AND d.event_id = ANY (redacted))
            OR strpos(coalesce(response_excerpt, '') || ' ' || coalesce(error, ''), p_id) > 0);
    GET DIAGNOSTICS attempts_redacted = ROW_COUNT;
END $$;
