"""A build's progress, as its page shows it: the per cent done and the step under way,
written to the PackBuild row as the builder reports them."""

from collections.abc import Callable

from .models import PackBuild


def build_progress(build: PackBuild | None, share: tuple[int, int] = (0, 100)) -> Callable | None:
    """A `progress(percent, step)` for `build_pack` that records on the build, scaled into
    `share` per cent (a public pack may take the first part, its exempt pack the rest)."""
    if build is None:
        return None
    low, high = share

    def report(percent: int, step: str) -> None:
        done = low + (high - low) * percent // 100
        PackBuild.objects.filter(pk=build.pk).update(progress=done, step=step[:200])

    return report
