from odoo import api, models


class FuxiCashierCached(models.AbstractModel):
    """Records the cashier's verbs read through ormcache (price rules, payment methods, the
    points program's terms, the members' class names): any change to them, their names'
    translations included, clears the cache, on every worker, so that the next bill reads the
    new values."""

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

    def _update_field_translations(self, field_name, translations, digest=None, source_lang=None):
        # the translation dialog writes the other languages here, not through write
        self.env.registry.clear_cache()
        return super()._update_field_translations(
            field_name, translations, digest=digest, source_lang=source_lang
        )
