-- On the coordinator: a worker node.
SELECT citus_add_node(%s, %s)
