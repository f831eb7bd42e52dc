# Koll: multi-stage image. Build: docker build -t koll .
# Run (SQLite in a volume): docker run -p 8000:8000 -v koll-data:/app/var koll
FROM python:3.12-slim AS build
WORKDIR /src
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
COPY pyproject.toml README.md ./
COPY app ./app
RUN pip install --no-cache-dir .

FROM python:3.12-slim
RUN useradd --create-home --uid 10001 koll
WORKDIR /app
COPY --from=build /opt/venv /opt/venv
COPY migrations ./migrations
COPY questionnaires ./questionnaires
RUN mkdir -p var && chown koll:koll var
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    KOLL_MIGRATIONS_DIR=/app/migrations \
    KOLL_DATABASE_URL=sqlite:////app/var/koll.sqlite3 \
    KOLL_QUESTIONNAIRES_DIR=/app/questionnaires \
    KOLL_WORKERS=1
USER koll
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=3s --retries=3 \
  CMD python -c "import urllib.request, sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=2).status != 200)"
# Migrations are a separate command for a shared database: docker run koll koll db upgrade
CMD ["sh", "-c", "exec koll serve --host 0.0.0.0 --port 8000 --workers ${KOLL_WORKERS}"]
