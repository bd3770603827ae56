"""The benchmarks of the province scale (issue 12): `make bench`, or `python -m bench --help`.

Not tests: a report. It builds the demo and the province-scale set (home/scale/) in two PostgreSQL
databases, measures the main pages, the exports against raw baselines and the campaign's eligibility, and
prints one table with each target met or not (bench/report.py), written to bench/results/. What is measured
is listed in bench/pages.py; each measurement that needs its own memory figure runs in a child process
(bench/child.py).
"""
