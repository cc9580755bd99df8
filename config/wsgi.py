"""The WSGI application gunicorn serves (one copy per worker process).

The garbage collector is tuned for serving, once the application is loaded. A page
allocates tens of thousands of short-lived container objects (querysets, model
instances, forms); at Python's default threshold (700) a monthly return ran some 110
young collections and 10 older ones a request, which together with the occasional full
collection over the 190,000 objects loaded at start cost 4-6 ms a request. Objects
loaded at start (modules, models, settings) live as long as the worker, so they are
moved out of the collector's sight (`gc.freeze`); the young generation is collected
every 7,000 allocations rather than 700. Cycles are still collected, a little later.
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
