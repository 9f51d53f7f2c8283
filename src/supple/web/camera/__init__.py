"""Measuring from a photo or video (issue 5), laid out as a web feature: `pages.py` (the HTML routes),
`api.py` (the JSON API), `contexts.py` (the typed contexts its templates render), `uploads.py` (receiving and
checking a file, shared by both doors) and `templates/`. The pages and the API do not import each other."""
