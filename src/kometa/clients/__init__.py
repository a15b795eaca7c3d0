"""One client per external service (TMDb, Trakt, IMDb, MDBList, ...) and the policy they share:
timeouts, retries honouring Retry-After, rate limits, quotas, the persistent cache, per-service
isolation.

Nothing lives here yet: the package marks where this part of the layout goes (see README,
Development)."""
