import time, collections
import pytest
from tests.test_hostile_input import Prober, pages_to_probe
pytestmark = pytest.mark.django_db
@pytest.mark.filterwarnings("ignore::django.core.cache.backends.base.CacheKeyWarning")
def test_probe(client, demo, django_user_model):
    client.force_login(django_user_model.objects.get(username="manager"))
    t0=time.perf_counter()
    prober = Prober(client, pages_to_probe(demo))
    print("discover", time.perf_counter()-t0)
    times = collections.Counter(); n=collections.Counter()
    orig = Prober._send
    def timed(self, method, url, data):
        t=time.perf_counter(); orig(self, method, url, data); times[method+url]+=time.perf_counter()-t; n[method]+=1
    Prober._send = timed
    for pick in range(3):
      t0=time.perf_counter()
      prober.run(["9999-12", "1000000000000000000", "\x00", "-1"], pick)
      print("run", time.perf_counter()-t0, n)
    for k,v in times.most_common(8): print(round(v,3), k)
