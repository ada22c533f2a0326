"""Hashed static file addresses, worked out once per file."""

import json

import pytest

from community.core.static_files import HashedStaticFilesStorage


@pytest.fixture
def storage(tmp_path, settings):
    settings.STATIC_URL = "/static/"
    manifest = {"paths": {"community/css/site.css": "community/css/site.0a1b2c.css"}}
    (tmp_path / "staticfiles.json").write_text(json.dumps({**manifest, "version": "1.1"}))
    return HashedStaticFilesStorage(location=tmp_path, base_url="/static/")


def test_a_file_is_addressed_by_its_hashed_name(storage):
    assert storage.url("community/css/site.css") == "/static/community/css/site.0a1b2c.css"


def test_a_file_known_once_is_not_looked_up_in_the_manifest_again(storage, monkeypatch):
    first = storage.url("community/css/site.css")
    monkeypatch.setattr(storage, "hashed_files", {})

    assert storage.url("community/css/site.css") == first


def test_a_file_missing_from_the_manifest_is_refused_every_time(storage):
    for _ in range(2):
        with pytest.raises(ValueError, match="Missing staticfiles manifest entry"):
            storage.url("community/css/missing.css")
