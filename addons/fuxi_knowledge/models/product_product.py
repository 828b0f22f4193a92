from odoo import api, models


class ProductProduct(models.Model):
    _inherit = "product.product"

    @api.model
    def get_new_dishes_to_recommend(self, limit=10):
        """See product.template.get_new_dishes_to_recommend."""
        return self.env["product.template"].get_new_dishes_to_recommend(limit=limit)
