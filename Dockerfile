# syntax=docker/dockerfile:1
# Build: docker build -t shop-gateway .
# Run:   docker run -p 8000:8000 -e GATEWAY_ENV=production -e GATEWAY_JWT_SECRET=... \
#          -e AWS_REGION=eu-west-1 shop-gateway

FROM python:3.11-slim AS build
WORKDIR /src
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN python -m venv /venv
# Dependencies first, in their own layer: it is rebuilt only when pyproject.toml changes.
COPY pyproject.toml README.md ./
RUN mkdir gateway schema resolvers loaders \
    && /venv/bin/pip install . \
    && /venv/bin/pip uninstall -y shop-gateway
COPY gateway gateway
COPY schema schema
COPY resolvers resolvers
COPY loaders loaders
RUN /venv/bin/pip install --no-deps .

FROM python:3.11-slim
RUN useradd --system --uid 10001 --no-create-home gateway
COPY --from=build /venv /venv
ENV PATH=/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    GATEWAY_HOST=0.0.0.0 \
    GATEWAY_PORT=8000 \
    GATEWAY_WORKERS=2
USER gateway
EXPOSE 8000
HEALTHCHECK --interval=15s --timeout=3s --start-period=10s --retries=3 \
    CMD ["python", "-c", "import urllib.request,os; urllib.request.urlopen(f'http://127.0.0.1:{os.environ[\"GATEWAY_PORT\"]}/healthz', timeout=2)"]
# uvicorn stops gracefully on SIGTERM (what `docker stop` sends).
STOPSIGNAL SIGTERM
CMD ["sh", "-c", "exec python -m gateway serve --workers \"$GATEWAY_WORKERS\""]
