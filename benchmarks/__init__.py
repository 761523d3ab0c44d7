"""netbrake benchmarks: each ``bench_*.py`` module prints tables; none asserts times."""
