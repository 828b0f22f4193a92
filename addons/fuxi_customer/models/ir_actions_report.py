import functools
import logging
import subprocess

from odoo import api, models

from odoo.addons.base.models.ir_actions_report import _get_wkhtmltopdf_bin

_logger = logging.getLogger(__name__)

# wkhtmltopdf built against an unpatched Qt (Debian's package) ignores --dpi, --zoom and
# --disable-smart-shrinking and lays pages out at 96/125 of their CSS size: 100 mm of CSS
# is 76.8 mm on paper. Label sheets need real millimetres, so their HTML is zoomed back.
UNPATCHED_QT_ZOOM = 125 / 96


@functools.cache
def _wkhtmltopdf_has_patched_qt():
    try:
        out = subprocess.run(
            [_get_wkhtmltopdf_bin(), "--version"], capture_output=True, timeout=30, check=False
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return True  # no wkhtmltopdf: nothing to correct
    return b"patched qt" in out.lower()


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    @api.model
    def _fuxi_css_zoom(self):
        """CSS zoom that makes 1 mm of CSS print as 1 mm with this wkhtmltopdf (or False)."""
        if _wkhtmltopdf_has_patched_qt():
            return False
        return round(UNPATCHED_QT_ZOOM, 5)
