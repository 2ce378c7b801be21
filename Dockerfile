# Production image: gunicorn serving Django; the same image runs the Celery worker and beat.
FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 \
    DJANGO_SETTINGS_MODULE=micado.settings.production
RUN apt-get update \
 && apt-get install -y --no-install-recommends gettext espeak-ng libpq5 \
 && rm -rf /var/lib/apt/lists/*
RUN useradd --create-home --uid 1000 micado
WORKDIR /app
COPY pyproject.toml ./
RUN pip install --upgrade pip && pip install .
COPY . .
RUN pip install --no-deps -e . \
 && SECRET_KEY=build-only-build-only-build-only-build-only-build-only-0000 \
    python manage.py collectstatic --noinput \
 && mkdir -p /app/var && chown -R micado /app/var
USER micado
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s CMD python -c "import urllib.request,sys; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8000/healthz').status == 200 else 1)"
CMD ["gunicorn", "micado.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
