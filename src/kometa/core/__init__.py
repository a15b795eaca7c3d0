"""Below everything: errors and exit codes, Options (every flag once), the environment and .env, logging."""
