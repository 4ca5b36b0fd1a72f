"""Benchmarks of speed, memory and vector-index quality (issue 8), run by `protokoll bench …`.

Every benchmark measures its floor in the same run, records the machine, the versions, the commit
and the load, and prints JSON plus a Markdown table. See docs/benchmarks.md.
"""
