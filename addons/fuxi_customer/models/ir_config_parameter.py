import logging

from odoo import api, models

_logger = logging.getLogger(__name__)


class IrConfigParameter(models.Model):
    _inherit = "ir.config_parameter"

    @api.model
    def _fuxi_get_int(self, key, default, minimum=None):
        """An integer setting: ``default`` when unset or not a number (logged), never below
        ``minimum``. The settings screens write these parameters; a value typed in the
        technical menu must not break a screen or a scheduled job."""
        raw = self.sudo().get_param(key)
        if raw in (None, False, ""):
            return default
        try:
            value = int(str(raw).strip())
        except ValueError:
            _logger.warning("setting %s = %r is not a whole number: using %s", key, raw, default)
            return default
        if minimum is not None and value < minimum:
            return minimum
        return value
