from odoo import api, models


class ProductProduct(models.Model):
    """Prices live on the template (lst_price writes list_price there, creating a variant
    creates its template): the history is written by product.template. An import of
    variants goes through this load() and is marked as an import too."""

    _inherit = "product.product"

    @api.model
    def load(self, fields, data):
        return super(ProductProduct, self.with_context(fuxi_price_import=True)).load(fields, data)

    def unlink(self):
        # the statistics' rows keep no foreign key: a deleted dish names none there
        self.env["fuxi.statistic.line"]._fuxi_forget("product_id", self.ids)
        return super().unlink()
