"""`manage.py check --deploy` is clean with the production settings (issue 15): HTTPS=1 gives
Secure cookies, the HTTPS redirect and HSTS; without it the same check names what is missing."""

from __future__ import annotations

import base64
import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def deploy_check(**env: str | None) -> subprocess.CompletedProcess:
    environment = {key: value for key, value in os.environ.items()
                   if key not in {"HTTPS", "DJANGO_DEBUG", "SECRET_KEY", "DEMO_MODE",
                                  "DJANGO_ALLOW_ASYNC_UNSAFE"}}  # the browser tests set it
    environment.update({"DJANGO_DEBUG": "0", "SECRET_KEY": secrets.token_urlsafe(50),
                        "FIELD_ENCRYPTION_KEY": base64.b64encode(os.urandom(32)).decode(),
                        "FIELD_DIGEST_KEY": base64.b64encode(os.urandom(32)).decode(), **env})
    environment = {key: value for key, value in environment.items() if value is not None}
    return subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level",
                           "WARNING"], cwd=ROOT, env=environment, capture_output=True,
                          text=True, timeout=120, check=False)


def test_the_production_settings_pass_the_deploy_check():
    result = deploy_check(HTTPS="1")
    assert result.returncode == 0, result.stdout + result.stderr


def test_without_https_the_check_says_what_is_missing():
    result = deploy_check(HTTPS="0")
    assert result.returncode != 0
    for check in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert check in result.stderr + result.stdout


def test_production_refuses_to_start_without_the_personal_data_keys():
    result = deploy_check(HTTPS="1", FIELD_DIGEST_KEY=None)
    assert result.returncode != 0 and "FIELD_ENCRYPTION_KEY and FIELD_DIGEST_KEY" in result.stderr
