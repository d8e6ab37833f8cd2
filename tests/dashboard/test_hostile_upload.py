"""An uploaded page declaring a codec name as its charset is read, not a traceback (issue 16)."""
from __future__ import annotations

import pytest

from tracker.dashboard.draft import read_upload

ARTICLE = "The United Kingdom pledged £450 million in military aid to Ukraine on Friday, the minister said.\n"


@pytest.mark.parametrize("name", ["base64", "zlib", "hex", "rot13", "idna"])
def test_uploaded_page_declaring_a_codec_name_is_read(name):
    page = f'<html><head><meta charset="{name}"><title>Aid</title></head><body><article><p>{ARTICLE}</p>' \
           f'</article></body></html>'
    assert read_upload("page.html", page.encode()).text.strip() == ARTICLE.strip()
