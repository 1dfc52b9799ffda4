-- Back to the stage as sent (the code before 0026 stored it so); a segment dropped as a duplicate stays gone.
UPDATE sleep_segments
SET stage = extra->>'value', extra = nullif(extra - 'value', '{}'::jsonb)
WHERE extra ? 'value' AND extra->>'value' <> stage;
