-- $1 user id, $2 source, $3 start instant. One recording with its samples.
SELECT source, start_ts, end_ts, utc_offset, classification, severity, average_heart_rate,
       sampling_frequency, measurement_count, voltage_units, sample_epochs, voltages
FROM ecg_recordings
WHERE user_id = $1 AND source = $2 AND start_ts = $3
