"""What Odoo's Apps screen shows of each Fuxi addon: its manifest's description, rendered by
docutils as reStructuredText. The READMEs are Markdown: read as the description, they came
out garbled and filled every install's log with docutils warnings."""

import ast
import io
from pathlib import Path

import docutils.core
import pytest

ADDONS = Path(__file__).resolve().parent.parent / "addons"
MANIFESTS = sorted(ADDONS.glob("*/__manifest__.py"))


@pytest.mark.parametrize("manifest", MANIFESTS, ids=lambda path: path.parent.name)
def test_description_is_clean_restructured_text(manifest):
    values = ast.literal_eval(manifest.read_text(encoding="utf-8"))
    description = values.get("description", "")
    # without one, Odoo would read README.md as reStructuredText
    assert description.strip(), f"{manifest.parent.name} has no manifest description"
    warnings = io.StringIO()
    docutils.core.publish_string(
        description,
        writer_name="html",
        settings_overrides={"warning_stream": warnings, "report_level": 2, "halt_level": 5},
    )
    assert not warnings.getvalue(), warnings.getvalue()
    # the Apps screen's summary and the guide's place are both named
    assert "README.md" in description or values.get("category") == "Hidden"
