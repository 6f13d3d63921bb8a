"""Benchmarks: our generator and the client it generates, side by side with
openapi-python-client and datamodel-code-generator, measured in the same run on the same
machine. `make bench` (or `python -m bench --help`) runs them and prints the figures; the
full results go to .cache/bench/results.json. These are benchmarks, not tests: nothing
here fails a build, and nothing in tests/ is timed.

Modules: measure (fresh-process runs, wall time, peak RSS), peers (the pinned peer tools
and GitHub's spec, installed under .cache/bench), specs (GitHub subsets, the one-operation
edit, completeness counts), generation, client and stages (the sections), payload (a
schema's instance for the local server), report (tables, goals), and the child processes:
_rusage (times a command, reads its peak memory), _server, _client_calls.
"""
