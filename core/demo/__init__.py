"""Demo content for `manage.py load_initial_data`: data in content_zh/content_en,
pictures and leaflets drawn in images, and the builder that puts them together."""
