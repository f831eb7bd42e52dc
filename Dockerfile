# Koll: multi-stage image; the final stage holds Python, the app's runtime dependencies, the
# migrations, the questionnaires and the task catalogues, and runs as an unprivileged user.
# See docs/deploy.md.
#
#   docker build -t koll .
#   docker run --rm -e KOLL_DATABASE_URL=postgresql+psycopg://... koll koll db upgrade
#   docker run -p 8000:8000 -e KOLL_DATABASE_URL=postgresql+psycopg://... -e KOLL_WORKERS=2 koll
#   docker run -p 8000:8000 -v koll-data:/app/var koll      # embedded SQLite, one machine

ARG PYTHON=python:3.12-slim-bookworm

FROM ${PYTHON} AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1
WORKDIR /src
RUN python -m venv /opt/venv
COPY pyproject.toml README.md requirements.lock ./
COPY app ./app
# The runtime dependencies exactly as locked, each checked against its hash, then the app
# itself without resolving anything again (no pytest, ruff or browsers).
RUN /opt/venv/bin/pip install --require-hashes --no-deps -r requirements.lock \
 && /opt/venv/bin/pip install --no-deps . \
 && /opt/venv/bin/pip uninstall --yes pip

FROM ${PYTHON}
RUN useradd --create-home --home-dir /home/koll --uid 10001 --user-group koll
WORKDIR /app
COPY --from=build /opt/venv /opt/venv
COPY migrations ./migrations
COPY questionnaires ./questionnaires
COPY catalogues ./catalogues
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    MPLCONFIGDIR=/home/koll/.matplotlib \
    KOLL_MIGRATIONS_DIR=/app/migrations \
    KOLL_QUESTIONNAIRES_DIR=/app/questionnaires \
    KOLL_CATALOGUES_DIR=/app/catalogues \
    KOLL_DATABASE_URL=sqlite:////app/var/koll.sqlite3 \
    KOLL_WORKERS=1 \
    KOLL_LOG_FORMAT=text
RUN mkdir -p var && chown koll:koll var
USER koll
# Build matplotlib's font cache now, not in every worker at its first chart.
RUN python -c "import matplotlib.font_manager"
VOLUME ["/app/var"]
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=3s --start-period=20s --retries=3 \
  CMD ["python", "-c", "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=2).status != 200)"]
# Exec form: koll is PID 1 and gets SIGTERM itself; requests in flight finish before it exits.
# `koll serve`, not `uvicorn`: it binds the socket for its workers itself, so that kept-alive
# connections get TCP_NODELAY with KOLL_WORKERS=2 too (app/cli/listening.py).
# On PostgreSQL run `koll db upgrade` first, as a separate command (docs/deploy.md says why).
CMD ["koll", "serve", "--host", "0.0.0.0", "--port", "8000"]
