"""`python -m gateway …`: serve, create tables, seed demo data, export the schema and model."""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

import uvicorn

from gateway.settings import Settings, SettingsError, load_settings
from loaders.tables import create_tables

DEMO_PROFILES = ("small", "demo")


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


async def _create_tables(settings: Settings) -> None:
    from gateway.lifespan import open_client, open_s3
    from loaders.images import create_bucket

    async with open_client(settings) as client, open_s3(settings) as s3:
        created = await create_tables(client, settings.table_prefix, _say)
        made = await create_bucket(s3, settings.images_bucket, settings.aws_region)
    _say(f"{len(created)} tables created" if created else "all tables already exist")
    _say(f"bucket {settings.images_bucket} {'created' if made else 'exists'}")


async def _seed(settings: Settings, profile: str) -> None:
    from gateway.lifespan import open_client
    from gateway.seeding import seed

    async with open_client(settings) as client:
        await seed(client, settings.table_prefix, profile, _say)


async def _reindex_search(settings: Settings) -> None:
    from gateway.lifespan import open_client
    from loaders.dynamo import Dynamo
    from loaders.search import reindex

    async with open_client(settings) as client:
        products, terms = await reindex(Dynamo(client, settings.table_prefix), _say)
    _say(f"search index: {terms} terms written for {products} products")


def _serve(args: argparse.Namespace) -> None:
    overrides: dict[str, object] = {}
    if args.host:
        overrides["host"] = args.host
    if args.port:
        overrides["port"] = args.port
    settings = load_settings(**overrides)
    # Workers re-read the settings from the environment: pass on what the flags changed.
    os.environ["GATEWAY_HOST"], os.environ["GATEWAY_PORT"] = settings.host, str(settings.port)
    if args.embedded:
        from gateway.embedded import embedded_dynamodb
        from gateway.mail import verify_sender

        _say("starting the embedded DynamoDB (moto)…")
        with embedded_dynamodb() as endpoint:
            os.environ["GATEWAY_DYNAMODB_ENDPOINT"] = endpoint
            os.environ["GATEWAY_SES_ENDPOINT"] = endpoint  # moto serves SES too
            settings = load_settings(**overrides)
            _say(f"embedded DynamoDB at {endpoint}; creating tables…")
            asyncio.run(_create_tables(settings))
            _say(f"seeding demo data (profile {args.profile})…")
            asyncio.run(_seed(settings, args.profile))
            asyncio.run(verify_sender(settings))
            _run_uvicorn(settings, args.workers, args.graceful_shutdown)
    else:
        _run_uvicorn(settings, args.workers, args.graceful_shutdown)


def _run_uvicorn(settings: Settings, workers: int, graceful_shutdown: int) -> None:
    where = f"http://{settings.host}:{settings.port}/graphql"
    _say(f"GraphiQL: {where}" if not settings.is_production else f"serving {where}")
    from gateway.observability.logs import configure_logging
    from gateway.observability.metrics import share_between_workers

    configure_logging(settings)  # uvicorn's lines too (log_config=None), as JSON or text
    share_between_workers(workers)  # /metrics sums every worker's
    uvicorn.run(
        "gateway.asgi:create",
        factory=True,
        host=settings.host,
        port=settings.port,
        workers=workers,
        log_level="info",
        log_config=None,
        timeout_graceful_shutdown=graceful_shutdown,
        # The app reads X-Forwarded-For itself, from the proxies GATEWAY_FORWARDED_ALLOW_IPS
        # trusts (gateway/client_address.py); uvicorn's own would trust 127.0.0.1 first.
        proxy_headers=False,
    )


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m gateway", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    serve = commands.add_parser("serve", help="serve the gateway")
    serve.add_argument(
        "--embedded", action="store_true", help="on an embedded, seeded DynamoDB (moto)"
    )
    serve.add_argument("--host", help="default GATEWAY_HOST or 127.0.0.1")
    serve.add_argument("--port", type=int, help="default GATEWAY_PORT or 8000")
    serve.add_argument("--workers", type=int, default=1, help="processes (default 1)")
    serve.add_argument(
        "--graceful-shutdown",
        type=int,
        default=10,
        metavar="SECONDS",
        help="on SIGTERM, how long requests under way may finish (default 10)",
    )
    serve.add_argument("--profile", choices=DEMO_PROFILES, default="demo", help="with --embedded")

    tables = commands.add_parser("tables", help="manage the tables")
    tables.add_argument("action", choices=["create"], help="create every missing table")

    seed = commands.add_parser("seed", help="write deterministic demo data")
    seed.add_argument("--profile", choices=DEMO_PROFILES, default="demo")

    search = commands.add_parser("search", help="the product search index")
    search.add_argument(
        "action", choices=["reindex"], help="write the index of every product (one Scan)"
    )

    commands.add_parser("export-schema", help="print the GraphQL schema (SDL)")

    persisted = commands.add_parser(
        "persisted-queries", help="the manifest of registered operations (an allow-list)"
    )
    persisted.add_argument(
        "action", choices=["build"], help="print the manifest of the operations in PATHs"
    )
    persisted.add_argument(
        "paths", nargs="+", type=Path, metavar="PATH", help=".graphql files, or folders of them"
    )

    model = commands.add_parser("model", help="the data model")
    model.add_argument(
        "action",
        choices=["export"],
        help="print it as JSON (the DynamoDB MCP code generator's format)",
    )
    model.add_argument("--prefix", default="", help="prepended to each table name (default none)")
    return parser


def _manifest(paths: list[Path]) -> dict[str, object]:
    from gateway.persisted_queries import manifest_of_files

    files = [f for p in paths for f in (sorted(p.glob("*.graphql")) if p.is_dir() else [p])]
    manifest = manifest_of_files(files)
    _say(f"{len(manifest['operations'])} operations from {len(files)} files")
    return manifest


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "export-schema":
            from schema import schema

            print(str(schema))
        elif args.command == "persisted-queries":
            print(json.dumps(_manifest(args.paths), indent=2))
        elif args.command == "model":
            from gateway.model_export import export_model

            print(json.dumps(export_model(args.prefix), indent=2))
        elif args.command == "tables":
            asyncio.run(_create_tables(load_settings()))
        elif args.command == "search":
            asyncio.run(_reindex_search(load_settings()))
        elif args.command == "seed":
            asyncio.run(_seed(load_settings(), args.profile))
        elif args.command == "serve":
            _serve(args)
    except SettingsError as error:
        _say(str(error))
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # the output's reader stopped early (`| head`): not a failure
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115  # nothing more can be written
        return 0
    return 0
