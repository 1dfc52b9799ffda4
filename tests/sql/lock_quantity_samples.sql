-- Blocks every merge into quantity_samples until the caller's transaction ends (test_newest_and_leases.py).
LOCK TABLE quantity_samples IN SHARE ROW EXCLUSIVE MODE
