-- Which process holds a body's lease: `healthsink:<host>:<pid>`, the application_name store/db.py gives every
-- pool connection. A trigger notes it whenever a body becomes or stays 'processing' (archived for in-request
-- processing, claimed, renewed), so no statement has to pass it. At start a server releases the leases of
-- processes on its own host that no longer run: after a crash or kill -9, their bodies are taken up at
-- once instead of after the full ingest.lease_s.
ALTER TABLE raw_ingestions ADD COLUMN lease_owner text;

CREATE FUNCTION healthsink_note_lease_owner_v1() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.status = 'processing' THEN
        NEW.lease_owner := current_setting('application_name');
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER raw_ingestions_lease_owner
    BEFORE INSERT OR UPDATE OF status, lease_until ON raw_ingestions
    FOR EACH ROW EXECUTE FUNCTION healthsink_note_lease_owner_v1();
