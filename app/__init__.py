"""Koll: the self-check before an inventory of teachers' need for workload relief.

`core` (no I/O) ← `platform` ← `web` ← the features (`selfcheck`, `authorities`) ← `cli` and
`main`; see docs/architecture.md.
"""
