# kometa: keeps Plex libraries in the shape a YAML config describes.
#
#   docker build -t kometa .
#   docker run -d --restart=unless-stopped -e TZ=America/New_York -v /path/to/config:/config:rw kometa
#   docker run --rm -v /path/to/config:/config:rw kometa --run        # one run, then exit
#
# The config is /config/config.yml; the waiter runs at 05:00 unless KOMETA_TIMES/--times say otherwise.
# It runs as the non-root user kometa (uid/gid 1000): the config folder must be writable for uid 1000
# (chown -R 1000:1000 /path/to/config), or run as another user with --user UID:GID (`user:` in compose).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    LANG=C.UTF-8 \
    LC_ALL=C.UTF-8 \
    KOMETA_DOCKER=true

# tini is the init process: it forwards SIGTERM/SIGINT to kometa (so `docker stop` lets a run finish
# its current step and exit cleanly) and reaps zombies. tzdata makes TZ=Area/City work system-wide.
# Debian's package versions follow the base image; pinning them would break every rebuild.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends tini tzdata \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml README.md ./
COPY src ./src
RUN pip install --no-cache-dir . \
    && groupadd --gid 1000 kometa \
    && useradd --uid 1000 --gid kometa --no-create-home --home-dir /config --shell /usr/sbin/nologin kometa \
    && mkdir -p /config \
    && chown kometa:kometa /config

VOLUME /config
WORKDIR /config

# Numeric, so the host and `docker run --user` agree on who it is (the user kometa, made above).
USER 1000:1000

# Healthy while a waiter is alive, or (for --run containers) the last real run succeeded or is still
# running: kometa status exits 0, else 1.
HEALTHCHECK --interval=5m --timeout=30s --start-period=1m --retries=3 CMD ["kometa", "status"]

ENTRYPOINT ["/usr/bin/tini", "-g", "--", "kometa"]
CMD []
