"""Notifications: webhooks and notifier sections (apprise), heartbeats.

Nothing lives here yet: the package marks where this part of the layout goes (see README,
Development)."""
