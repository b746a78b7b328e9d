# newsstore API: docker build -t newsstore . && docker run -p 8000:8000 -v newsstore-data:/data newsstore
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    NEWSSTORE_DATABASE_URL=sqlite:////data/newsstore.db \
    NEWSSTORE_HOST=0.0.0.0 \
    NEWSSTORE_PORT=8000

WORKDIR /app
COPY pyproject.toml README.md ./
COPY app ./app
COPY migrations ./migrations
COPY seeds ./seeds
# Editable: Alembic reads migrations/ beside the package, so the source tree stays in place.
RUN pip install --no-cache-dir -e . \
    && useradd --system --uid 10001 --home-dir /data newsstore \
    && mkdir -p /data && chown newsstore /data

USER 10001
VOLUME ["/data"]
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=3s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen(f\"http://127.0.0.1:{os.environ['NEWSSTORE_PORT']}/healthz\", timeout=2)"]
# Migrates, ingests the shipped seeds when the store is empty (first start), then serves.
CMD ["newsstore", "serve", "--seed-if-empty", "/app/seeds"]
