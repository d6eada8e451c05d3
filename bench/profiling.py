"""`--profile OPERATION`: pyinstrument over N runs of one operation through the gateway."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path

from bench.cases import prepare_for
from bench.contract import load_operations
from bench.driver import Driver, Storage
from bench.engine import running_engine
from bench.picks import pick
from bench.run import Options, say
from bench.targets import AsgiTarget
from gateway.app import create_app
from gateway.lifespan import open_client


def profile(options: Options, name: str, runs: int) -> Path:
    """Write an HTML report of where the gateway's CPU goes; return its path."""
    from pyinstrument import Profiler  # the `bench` extra

    operations = {o.name: o for o in load_operations(options.contract)}
    if name not in operations:
        raise SystemExit(
            f"no operation {name!r} in {options.contract}; choose one of {sorted(operations)}"
        )
    operation = operations[name]
    with running_engine(options.delay_ms, options.data_profile) as engine:

        async def go() -> Profiler:
            settings = engine.settings()
            async with (
                AsgiTarget.serving(create_app(settings)) as gateway,
                open_client(settings) as client,
            ):
                documents = {o.name: o.document for o in operations.values()}
                driver = Driver(gateway, documents, storage=Storage(client, settings))
                prepare = prepare_for(operation, pick(engine.data), driver)
                execute = gateway.executor(operation.document)
                await execute(await prepare(0))  # warm up: imports, the first connection
                requests = [await prepare(run) for run in range(1, runs + 1)]
                profiler = Profiler(interval=0.0005, async_mode="enabled")
                with profiler:
                    for request in requests:
                        await execute(request)
                return profiler

        profiler = asyncio.run(go())
    options.output.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    path = options.output / f"profile-{name}-{stamp}.html"
    path.write_text(profiler.output_html())
    print(profiler.output_text(unicode=True, color=False, show_all=False))
    say(f"profile of {runs} runs of {name}: {path}")
    return path
