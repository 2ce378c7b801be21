"""The demo loader: fills every app with the demo municipality, NGOs, dashboard and the
MICADO pilot (`manage.py load_demo`). It sits above every other app; nothing imports it."""
