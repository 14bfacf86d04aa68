"""Benchmarks of the coder on real news texts (``make bench``); not part of the test suite."""
