"""Queries each load-test page makes, counted in-process on one bench database.

    .venv/bin/python -m bench.queries --database kendali_bench [--show dashboard] [--sql FILE]

Prints {page key: query count} as JSON (bench.load runs it once per database). Each
page is opened through django.test.Client with the same login as in the load test,
twice first (warm caches), then counted with CaptureQueriesContext. --show prints the
SQL of one page; --sql writes the SQL of every page to FILE as JSON ({page key: [SQL]}),
so bench.load can name the queries of a page whose count differs between two databases.
"""

import argparse
import json
import sys
from pathlib import Path

from bench import env


def capture(show: str = "") -> tuple[dict[str, int], dict[str, list[str]]]:
    """(query count, SQL statements) of every page."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from bench.pages import warmed_pages

    counts, statements = {}, {}
    for page, client in warmed_pages():
        with CaptureQueriesContext(connection) as captured:
            response = client.get(page.path, headers=page.headers)
        if response.status_code != 200:
            raise SystemExit(f"{page.path}: HTTP {response.status_code}")
        counts[page.key] = len(captured)
        statements[page.key] = [query["sql"] for query in captured.captured_queries]
        if page.key == show:
            for query in captured.captured_queries:
                print(query["sql"][:400], file=sys.stderr)
    return counts, statements


def count(show: str = "") -> dict[str, int]:
    return capture(show)[0]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default="kendali_bench")
    parser.add_argument("--show", default="", help="print the SQL of this page to stderr")
    parser.add_argument("--sql", default="", help="write the SQL of every page to this file")
    args = parser.parse_args(argv)
    env.setup(args.database)
    env.collect_static()
    counts, statements = capture(args.show)
    if args.sql:
        Path(args.sql).write_text(json.dumps(statements, ensure_ascii=False))
    print(json.dumps(counts))
    return 0


if __name__ == "__main__":
    sys.exit(main())
