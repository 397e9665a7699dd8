# One image for web, worker and beat (docker-compose.yml picks the command).
FROM python:3.12-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --create-home --uid 1000 keqiao

WORKDIR /app
COPY . .
RUN pip install --upgrade pip \
    && pip install -e . \
    && DEBUG=false SECRET_KEY=collectstatic-only DATABASE_URL=postgres://build@localhost/build \
       python manage.py collectstatic --noinput \
    && mkdir -p /app/.data/media && chown -R keqiao /app/.data

USER keqiao
EXPOSE 8000
CMD ["gunicorn", "portal.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
