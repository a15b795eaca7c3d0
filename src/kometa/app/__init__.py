"""Run modes and their machinery: run once now (runner), the waiter process (waiting), run lock,
trigger, status, run history (state), ``--validate``, the demo."""
