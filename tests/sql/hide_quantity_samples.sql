-- Makes quantity_samples unreachable, as a passing database failure would (see test_queue.py).
ALTER TABLE quantity_samples RENAME TO quantity_samples_hidden
