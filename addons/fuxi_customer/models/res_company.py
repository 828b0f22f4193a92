import logging

from odoo import api, models
from odoo.exceptions import UserError

_logger = logging.getLogger(__name__)


class ResCompany(models.Model):
    _inherit = "res.company"

    @api.model
    def _fuxi_demo_use_yuan(self):
        """Demo data: the demo restaurant counts in yuan.

        When `account` is installed in the same run (fuxi_cashier builds on loyalty, which
        needs it), account's own demo entries are posted in the default currency before this
        addon's demo loads, and account then refuses any change of the company's currency.
        Those entries are demo entries of a demo database: the currency is set anyway, so
        that every amount the Fuxi screens, receipts and reports show is in ¥."""
        company = self.env.ref("base.main_company")
        yuan = self.env.ref("base.CNY")
        if company.currency_id == yuan:
            return
        yuan.active = True
        try:
            with self.env.cr.savepoint():
                company.currency_id = yuan
        except UserError:
            _logger.info("demo: main company switched to CNY after account's demo entries")
            self.env.cr.execute(
                "UPDATE res_company SET currency_id = %s WHERE id = %s", (yuan.id, company.id)
            )
            company.invalidate_recordset(["currency_id"])
