"""`python -m gateway.graphiql update`: fetch the pinned GraphiQL assets from npm into the
package (gateway/graphiql/assets.py pins them)."""

from __future__ import annotations

import argparse
import sys

from gateway.graphiql.assets import update


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m gateway.graphiql", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("update", help="fetch the pinned versions with npm pack")
    parser.parse_args()
    update(lambda line: print(line, file=sys.stderr, flush=True))


if __name__ == "__main__":
    main()
