"""Performance benchmarks (not run by the test suite). See docs/benchmarks.md."""
