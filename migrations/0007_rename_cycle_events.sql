-- One name for one thing: the API, the response counter and the export all say cycle_tracking
-- (the app's envelope key is cycleTracking), so the table does too. Grants and indexes follow a rename.
ALTER TABLE cycle_events RENAME TO cycle_tracking;
ALTER TABLE cycle_tracking RENAME CONSTRAINT cycle_events_pkey TO cycle_tracking_pkey;
