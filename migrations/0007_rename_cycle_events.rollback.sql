ALTER TABLE cycle_tracking RENAME CONSTRAINT cycle_tracking_pkey TO cycle_events_pkey;
ALTER TABLE cycle_tracking RENAME TO cycle_events;
