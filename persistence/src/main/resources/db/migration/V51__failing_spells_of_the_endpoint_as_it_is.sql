-- W3, W4, K3: an endpoint's failing spell (failing_since: a given-up delivery starts it, a success ends it) is about
-- the receiver the endpoint points at now, and the generation (V45) moves only when something a receiver sees changes.
--
-- (1) A new URL or an enabling starts the spell afresh: the spell running is ended, and spell_generation takes the new
-- generation. A try recorded for a claim of an older generation (read before the change: a request on the wire at the
-- old URL, or before the disabling) neither starts the spell nor ends it (EndpointRows.failing, DeliveryRows.RECORD).
-- Before, a tenant who moved an endpoint off a dead URL kept it `failing`, and no e-mail told of the new URL failing;
-- a late failure at the old URL started a spell whose e-mail named the new URL. A rotation of the secrets and a
-- disabling move the generation but not the spell: the receiver and its address are the same, and with the rotation's
-- overlap both secrets sign, so what failed before still fails after; a rotation that mends a receiver refusing the
-- old secret ends the spell with the first success anyway.
--
-- (2) The nightly re-encryption (K3, SecretReencryption) re-seals the secrets under the newest key: the tokens change,
-- the secret does not. It says so for its transaction only (set_config('humane.resealing', 'on', true)), and a change
-- of the tokens alone in such a transaction leaves the generation as it is. Before, it moved it, telling no lane: claims
-- of the old generation went out as if current, and a 410 across it disabled nothing (retried once).
ALTER TABLE webhook_endpoints ADD COLUMN spell_generation bigint NOT NULL DEFAULT 0;

CREATE OR REPLACE FUNCTION webhook_endpoint_next_generation() RETURNS trigger
    LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
BEGIN
    IF current_setting('humane.resealing', true) = 'on' AND NEW.url IS NOT DISTINCT FROM OLD.url
       AND NEW.enabled IS NOT DISTINCT FROM OLD.enabled
       AND NEW.previous_secret_until IS NOT DISTINCT FROM OLD.previous_secret_until
       AND (NEW.previous_secret IS NULL) = (OLD.previous_secret IS NULL) THEN
        RETURN NEW;
    END IF;
    NEW.generation := OLD.generation + 1;
    IF NEW.url IS DISTINCT FROM OLD.url OR (NEW.enabled AND NOT OLD.enabled) THEN
        NEW.spell_generation := NEW.generation;
        NEW.failing_since := NULL;
    END IF;
    RETURN NEW;
END $$;
