"""Settings of the benchmark server: the product's settings with the bench URLconf.

Used by `bench.load` (gunicorn) and `bench.fill`; never by the product. The environment
(database, secret key, hosts, DEBUG off) is set by `bench.env.configure`.
"""

from config.settings import *  # noqa: F403

# The product's URLs plus the bare view the pages are compared with (bench/urls.py).
ROOT_URLCONF = "bench.urls"
