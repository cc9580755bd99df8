"""The WSGI application gunicorn serves (one copy per worker process).

The garbage collector is tuned for serving, once the application is loaded. A page
allocates tens of thousands of short-lived objects; at Python's default threshold (700)
a monthly return ran 3 to 4 young collections a request, a middle one every third and a
full one over the 190,000 objects loaded at start every fifty: 4-6 ms a request, now
2-2.5 ms (docs/performance.md). The objects loaded at start live as long as the worker,
so they are moved out of the collector's sight (`gc.freeze`); the young generation is
collected every 7,000 allocations rather than 700. Cycles are still collected, later.
"""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

application = get_wsgi_application()

GC_THRESHOLDS = (7000, 10, 10)

gc.collect()
gc.freeze()
gc.set_threshold(*GC_THRESHOLDS)
