from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

SEPARATOR = " / "


class FuxiTreeMixin(models.AbstractModel):
    """A translated name in a tree (regions here, and the trees of higher addons).

    The full path is computed in the reader's language rather than stored, so a Chinese
    user sees 热菜 / 杭帮菜 even for records created in English; it can still be searched
    and typed in imports as 'parent / child'. Models define their own parent_id.
    """

    _name = "fuxi.tree.mixin"
    _description = "Fuxi Named Tree"
    _parent_store = True
    _rec_name = "complete_name"
    _rec_names_search = ["complete_name"]

    name = fields.Char(required=True, translate=True)
    complete_name = fields.Char(
        compute="_compute_complete_name", search="_search_complete_name", recursive=True
    )
    parent_path = fields.Char(index=True)

    @api.depends("name", "parent_id.complete_name")
    @api.depends_context("lang")
    def _compute_complete_name(self):
        for record in self:
            if record.parent_id:
                record.complete_name = f"{record.parent_id.complete_name}{SEPARATOR}{record.name}"
            else:
                record.complete_name = record.name

    def _search_complete_name(self, operator, value):
        if operator not in ("=", "ilike", "=ilike", "like", "!=", "not ilike") or not isinstance(
            value, str
        ):
            raise UserError(self.env._("Search the full name with a text."))
        positive = operator not in ("!=", "not ilike")
        leaf = value.split(SEPARATOR)[-1].strip()
        leaf_operator = "=" if operator in ("=", "!=") else "ilike"
        candidates = self.with_context(active_test=False).search([("name", leaf_operator, leaf)])
        if SEPARATOR in value:
            wanted = value.strip().lower()
            exact = operator in ("=", "!=")
            candidates = candidates.filtered(
                lambda r: (r.complete_name.lower() == wanted)
                if exact
                else (wanted in r.complete_name.lower())
            )
        return [("id", "in" if positive else "not in", candidates.ids)]

    @api.constrains("parent_id")
    def _check_parent_id(self):
        if self._has_cycle():
            raise ValidationError(
                self.env._("A record cannot be inside itself: %(name)s.", name=self[:1].name)
            )
