"""Evaluation: datasets, metrics and benchmarks."""
