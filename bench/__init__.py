"""The benchmark: `make bench` (`python -m bench`) times every stage against same-run baselines."""
