FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends curl gettext && rm -rf /var/lib/apt/lists/*
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
RUN SECRET_KEY=build-only python manage.py collectstatic --no-input -v 0 \
 && SECRET_KEY=build-only python manage.py compilemessages -v 0
RUN useradd --create-home app && mkdir -p /app/media /app/var && chown -R app /app/media /app/var
USER app
EXPOSE 8000
# Liveness of the web server (cheap, no dependency); compose checks readiness with /readyz.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD curl -fsS http://127.0.0.1:8000/healthz || exit 1
CMD ["gunicorn", "recruitment.wsgi:application", "--config", "gunicorn.conf.py"]
