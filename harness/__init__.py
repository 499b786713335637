"""What the tests and the benchmarks share: a real course server, Chromium, the browsers'
kernel-socket protocol as a client, nbgrader runs, a throw-away hub and PostgreSQL."""
