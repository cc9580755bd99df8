"""Panels that later apps add to the contract dashboard. Each returns the context its
template needs, or None when there is nothing to show."""


def imt_panel(contract, month_range):
    return None


def minutes_panel(contract, month_range, user):
    return None
