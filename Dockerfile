# syntax=docker/dockerfile:1
# Build: docker build -t shop-gateway .
# Run:   docker run -p 8000:8000 --stop-timeout 30 -e GATEWAY_ENV=production \
#          -e GATEWAY_JWT_SECRET=... -e AWS_REGION=eu-west-1 shop-gateway

FROM python:3.11-slim AS build
WORKDIR /src
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN python -m venv /venv
# Dependencies first, in their own layer, rebuilt only when pyproject.toml changes: the
# project is installed empty (an empty README and packages) and then uninstalled. The
# `otel` extra is in: OTEL_EXPORTER_OTLP_ENDPOINT alone then turns tracing on.
COPY pyproject.toml ./
RUN mkdir gateway schema resolvers loaders \
    && touch README.md \
    && /venv/bin/pip install ".[otel]" \
    && /venv/bin/pip uninstall -y shop-gateway
COPY README.md ./
COPY gateway gateway
COPY schema schema
COPY resolvers resolvers
COPY loaders loaders
RUN /venv/bin/pip install --no-deps .

FROM python:3.11-slim
RUN groupadd --system --gid 10001 gateway \
    && useradd --system --uid 10001 --gid 10001 --no-create-home --shell /usr/sbin/nologin gateway
COPY --from=build /venv /venv
# GATEWAY_WORKERS: uvicorn processes (about one per CPU). GATEWAY_GRACEFUL_SHUTDOWN: seconds
# that requests under way get to finish after SIGTERM; keep it below the platform's stop
# timeout (docker run --stop-timeout, Kubernetes terminationGracePeriodSeconds: 30).
ENV PATH=/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    GATEWAY_ENV=production \
    GATEWAY_HOST=0.0.0.0 \
    GATEWAY_PORT=8000 \
    GATEWAY_WORKERS=2 \
    GATEWAY_GRACEFUL_SHUTDOWN=20
USER 10001:10001
EXPOSE 8000
HEALTHCHECK --interval=15s --timeout=3s --start-period=10s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen(f'http://127.0.0.1:{os.environ[\"GATEWAY_PORT\"]}/healthz', timeout=2)"]
# docker stop sends SIGTERM; `exec` makes uvicorn PID 1, so it receives it and drains.
STOPSIGNAL SIGTERM
CMD ["sh", "-c", "exec python -m gateway serve --workers \"$GATEWAY_WORKERS\" --graceful-shutdown \"$GATEWAY_GRACEFUL_SHUTDOWN\""]
