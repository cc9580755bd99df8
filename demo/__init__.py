"""The demo: Lincolnshire County Council's Corporate Support Services Contract as its
scrutiny board saw it in autumn 2018, loaded by `seed_demo` the way a council would load
its own: the KPI catalogue and the monthly returns from the files in `data/` through the
importers, IMT projects and minutes through their services."""
