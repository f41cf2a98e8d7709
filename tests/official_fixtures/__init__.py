"""Generators of files in official MoJ layouts, filled with made-up numbers, for tests and benchmarks."""
