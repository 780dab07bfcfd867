"""core's own demo content for `manage.py load_initial_data`: the languages and
the demo accounts. Each feature app ships its own demo module and registers it
(core/plugins.py: ``demo``); core imports none of them."""
