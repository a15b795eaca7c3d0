"""Settings for the whole suite.

Hypothesis's per-example deadline (200 ms) measures the machine's load as much as the code: under
a busy CI machine a pure property test failed on time alone. Property tests here check results,
not speed (speed lives in bench/), so the deadline is off everywhere.
"""

from hypothesis import settings

settings.register_profile("kometa", deadline=None)
settings.load_profile("kometa")
