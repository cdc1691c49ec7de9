# Production image. web (gunicorn), the Celery workers and Celery beat all run from it;
# docker-compose.yml configures them with environment variables (docs/configuration.md,
# docs/operations.md). Healthchecks are per service in compose (one image, several roles).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    VAR_DIR=/app/var \
    MEDIA_ROOT=/data/media

# CJK fonts and WeasyPrint's runtime libraries for the printed instruments; gettext for msgfmt.
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      fonts-noto-cjk libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 gettext \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app

# Dependencies in their own layer (pyproject.toml declares no packages: the code runs from /app).
COPY pyproject.toml ./
RUN pip install .

# The code, listed explicitly so that .venv/, var/, staticfiles/ and .git/ never enter the image.
COPY manage.py ./
COPY config/ config/
COPY supervision/ supervision/
COPY agencies/ agencies/
COPY cases/ cases/
COPY recommendations/ recommendations/
COPY portal/ portal/
COPY reporting/ reporting/
COPY demo/ demo/
COPY templates/ templates/
COPY static/ static/
COPY locale/ locale/

RUN python manage.py compilemessages --verbosity 0 \
 && python manage.py collectstatic --noinput --verbosity 0

RUN useradd --system --uid 10001 --user-group --no-create-home --home-dir /app app \
 && mkdir -p /app/var /data/media \
 && chown app:app /app/var /data/media
USER app

# 8000: web; 9808: a Celery worker's Prometheus metrics (CELERY_WORKER_METRICS_PORT).
EXPOSE 8000 9808
CMD ["gunicorn", "-c", "config/gunicorn.conf.py", "config.wsgi"]
