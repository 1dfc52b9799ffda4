-- Every audit row, oldest first.
SELECT action, user_id, key_id, client_addr, details FROM audit_log ORDER BY at
