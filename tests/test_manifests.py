"""What Odoo's Apps screen shows of each Fuxi addon: static/description/index.html. Without
it Odoo reads README.md as reStructuredText: the READMEs are Markdown, so the description
came out garbled and every install's log filled with docutils warnings. (A "description"
key in the manifest is deprecated for OCA's pylint-odoo.)"""

import ast
from pathlib import Path

import lxml.html
import pytest

ADDONS = Path(__file__).resolve().parent.parent / "addons"
MANIFESTS = sorted(ADDONS.glob("*/__manifest__.py"))


@pytest.mark.parametrize("manifest", MANIFESTS, ids=lambda path: path.parent.name)
def test_apps_screen_reads_an_html_description(manifest):
    values = ast.literal_eval(manifest.read_text(encoding="utf-8"))
    assert "description" not in values
    page = manifest.parent / "static" / "description" / "index.html"
    assert page.is_file(), f"{manifest.parent.name} has no static/description/index.html"
    raw = page.read_bytes()
    # Odoo 17+ wants plain UTF-8 without an XML declaration
    assert not raw.startswith(b"<?xml")
    text = raw.decode("utf-8")
    root = lxml.html.fragment_fromstring(text, create_parent="div")
    assert root.xpath("//h2"), "the page names the addon in a heading"
    # an addon a user sees in Apps says where its guide is
    if values.get("category") != "Hidden":
        assert "README.md" in root.text_content()
