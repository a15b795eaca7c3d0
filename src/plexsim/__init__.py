"""plexsim: a Plex Media Server simulator for tests, benchmarks and the demo."""
