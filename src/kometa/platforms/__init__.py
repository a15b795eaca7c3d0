"""Generators for platform service files: systemd, launchd, cron, Windows Task Scheduler, compose."""
