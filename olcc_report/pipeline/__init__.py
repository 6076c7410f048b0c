"""Pipeline: the project's paths, the period's inputs (real or demo), notebook execution with
its cache, staging of the book source, the build and the command line.

The top layer: the only one that may import :mod:`olcc_report.demo`.
"""
