"""Notifications: webhooks and notifier sections (notifiarr, gotify, ntfy, apprise), heartbeats.

``config`` reads the targets from config.yml (file:line errors), ``payloads`` builds Kometa's
event bodies, ``formats`` reshapes them for Discord, Slack and text services, ``send`` delivers
them (HTTP; apprise on first use), ``notifier`` is the one object a run talks to, ``heartbeat``
pings a healthchecks.io-style monitor. See docs/notifications.md."""
