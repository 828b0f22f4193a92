from odoo import api, models, tools


class FuxiCustomerClass(models.Model):
    _name = "fuxi.customer.class"
    _inherit = ["fuxi.customer.class", "fuxi.cashier.cached"]

    @api.model
    @tools.ormcache("class_id", "lang")
    def _fuxi_class_name(self, class_id, lang):
        """The class's name in ``lang``, cached: every bill answer shows the member's class
        (a change of a class clears the cache, fuxi.cashier.cached)."""
        return self.sudo().with_context(lang=lang).browse(class_id).name or ""
