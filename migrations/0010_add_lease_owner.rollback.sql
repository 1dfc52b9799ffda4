DROP TRIGGER raw_ingestions_lease_owner ON raw_ingestions;
DROP FUNCTION healthsink_note_lease_owner_v1();
ALTER TABLE raw_ingestions DROP COLUMN lease_owner;
