-- For the rest of the transaction, act as the role Grafana logs in with.
SET LOCAL ROLE healthsink_readonly
