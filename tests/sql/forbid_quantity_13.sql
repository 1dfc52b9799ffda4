-- A constraint the app knows nothing of, so that one body's rows fail inside PostgreSQL (test_batching.py).
ALTER TABLE quantity_samples ADD CONSTRAINT test_no_13 CHECK (qty <> 13)
