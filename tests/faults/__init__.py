"""Fault tests: imports killed halfway or run twice at once, readers beside a writer, and the
database going away under a running site. Each uses real processes and a real database of its
own (tests/faults/scratch.py, tests/faults/cluster.py); all are marked ``faults``.
"""
