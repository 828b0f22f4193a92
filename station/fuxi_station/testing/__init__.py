"""Simulated devices for tests and benchmarks without hardware (not used in production: no
command is installed for them; run e.g. `python -m fuxi_station.testing.card`)."""
