"""Queries each load-test page makes, counted in-process on one bench database.

    .venv/bin/python -m bench.queries --database kendali_bench [--show dashboard]

Prints {page key: query count} as JSON (bench.load runs it once per database). Each
page is opened through django.test.Client with the same login as in the load test,
twice first (warm caches), then counted with CaptureQueriesContext. --show prints the
SQL of one page.
"""

import argparse
import json
import sys

from bench import env


def count(show: str = "") -> dict[str, int]:
    from django.contrib.auth.models import User
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench.pages import pages, targets
    from office.models import RequestCount

    cache.clear()
    RequestCount.objects.all().delete()  # the look-up throttle starts afresh
    clients: dict[str, Client] = {}
    result = {}
    for page in pages(targets()):
        client = clients.get(page.user)
        if client is None:
            client = clients[page.user] = Client()
            if page.user:
                client.force_login(User.objects.get(username=page.user))
        for _ in range(2):
            client.get(page.path)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(page.path)
        if response.status_code != 200:
            raise SystemExit(f"{page.path}: HTTP {response.status_code}")
        result[page.key] = len(captured)
        if page.key == show:
            for query in captured.captured_queries:
                print(query["sql"][:400], file=sys.stderr)
    return result


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default="kendali_bench")
    parser.add_argument("--show", default="", help="print the SQL of this page to stderr")
    args = parser.parse_args(argv)
    env.setup(args.database)
    env.collect_static()
    print(json.dumps(count(args.show)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
