"""The config schedule language: ``daily``, ``weekly(sunday)``, ``range(12/01-12/31)``, ...

Schedules decide what a run does when it happens; they never start a run.
"""
