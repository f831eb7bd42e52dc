"""Koll: the self-check before an inventory of teachers' need for workload relief."""
