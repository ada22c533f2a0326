"""Production settings: read from the environment when the process starts, so each case runs
`manage.py` in a fresh interpreter with only the variables an operator would set."""

import secrets
import subprocess

import pytest

from tests.fresh_process import run_python

# Variables the settings module reads that would change the outcome if inherited from the
# environment running the tests.
SETTINGS_VARIABLES = (
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "BEHIND_TLS_PROXY",
    "ACCOUNT_EMAIL_VERIFICATION",
)


def manage(*args: str, **variables: str) -> subprocess.CompletedProcess:
    return run_python("manage.py", *args, variables=variables, leave_out=SETTINGS_VARIABLES)


@pytest.fixture
def production_variables() -> dict[str, str]:
    return {
        "DEBUG": "off",
        "SECRET_KEY": secrets.token_hex(32),
        "ALLOWED_HOSTS": "community.example.com",
    }


def test_deploy_check_passes_with_production_variables(production_variables):
    result = manage("check", "--deploy", "--fail-level", "WARNING", **production_variables)

    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "WARNINGS" not in output
    assert "?: (security" not in output


def test_settings_refuse_to_load_without_secret_key_when_debug_is_off(production_variables):
    del production_variables["SECRET_KEY"]

    result = manage("check", **production_variables)

    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_settings_refuse_the_development_key_in_production(production_variables):
    production_variables["SECRET_KEY"] = "embedded-development-key-never-use-in-production"

    result = manage("check", **production_variables)

    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_requires_verified_email_by_default(production_variables):
    result = manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.ACCOUNT_EMAIL_VERIFICATION)",
        **production_variables,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "mandatory"
