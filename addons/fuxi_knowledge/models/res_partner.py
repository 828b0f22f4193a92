from odoo import models


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _fuxi_guest_profile(self):
        """Add the new dishes to recommend, each flagged when it clashes with a taboo."""
        profile = super()._fuxi_guest_profile()
        dishes = self.env["product.template"].get_new_dishes_to_recommend(limit=6)
        templates = self.env["product.template"].browse([dish["id"] for dish in dishes])
        clashes = {}
        for template in templates:
            hits = template.fuxi_allergen_ids.taboo_ids & self.taboo_ids
            clashes[template.id] = hits.mapped("name")
        for dish in dishes:
            dish["taboo_clash"] = clashes.get(dish["id"], [])
        profile["new_dishes"] = dishes
        return profile
