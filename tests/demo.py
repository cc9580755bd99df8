from django.core.management import call_command

from contracts.models import Contract


def load_demo() -> dict:
    call_command("seed_demo", force=True, verbosity=0)
    return {"contract": Contract.objects.get(reference="CSSC")}
