from odoo import api, models


class FuxiCashierCached(models.AbstractModel):
    """Records the cashier's verbs read through ormcache (price rules, payment methods, the
    points program's terms): any change to them clears the cache, on every worker, so that the
    next bill reads the new values."""

    _name = "fuxi.cashier.cached"
    _description = "Cashier: settings read through the cache"

    @api.model_create_multi
    def create(self, vals_list):
        self.env.registry.clear_cache()
        return super().create(vals_list)

    def write(self, vals):
        self.env.registry.clear_cache()
        return super().write(vals)

    def unlink(self):
        self.env.registry.clear_cache()
        return super().unlink()
