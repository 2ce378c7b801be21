"""Production settings: refuse to start without a secret; pass Django's deployment checks."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _manage(*args: str, env: dict) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    clean.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_missing_secret_key_stops_production_start():
    result = _manage("check", env={"DJANGO_SETTINGS_MODULE": "micado.settings.production"})
    assert result.returncode != 0
    assert "SECRET_KEY is missing" in result.stderr


def test_production_deploy_check_is_clean():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env={
            "DJANGO_SETTINGS_MODULE": "micado.settings.production",
            "SECRET_KEY": "k7#Qx9!vLm2@pR4$zT8^wN1&bY6*cF3(hJ5)dG0-sA_eU+iO=oP" * 2,
            "ALLOWED_HOSTS": "integration.example.org",
            "DATABASE_URL": "sqlite:///:memory:",
        },
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_unknown_language_in_configuration_is_refused():
    result = _manage(
        "check", env={"DJANGO_SETTINGS_MODULE": "micado.settings.dev", "MICADO_LANGUAGES": "de,xx"}
    )
    assert result.returncode != 0
    assert "MICADO_LANGUAGES names unsupported languages ['xx']" in result.stderr


def test_a_deployment_chooses_its_languages_without_migrations():
    result = _manage(
        "makemigrations",
        "--check",
        "--dry-run",
        env={"DJANGO_SETTINGS_MODULE": "micado.settings.test", "MICADO_LANGUAGES": "de,en,ar"},
    )
    assert result.returncode == 0, result.stdout + result.stderr
