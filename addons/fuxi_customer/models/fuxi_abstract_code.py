from odoo import api, models
from odoo.exceptions import UserError, ValidationError


class ImportRetryRowByRow(Exception):
    """Not a UserError on purpose: ``load`` then drops the batch's error and retries the
    rows one by one, reporting each conflict at its row."""


class FuxiCodeMixin(models.AbstractModel):
    """Codes from a configurable sequence (代码设置) for the records flagged as Fuxi's.

    Used by customers (code in `ref`, flag `is_fuxi_customer`) and by higher addons' records.
    A code is given on creation, kept when typed, unique among the flagged records; after a
    manager sets the next number back, codes in use are skipped. The
    sequence is a PostgreSQL sequence: two transactions never wait for, nor get, the same
    number. Records missing a code get one on install and on every upgrade.
    """

    _name = "fuxi.code.mixin"
    _description = "Fuxi Sequence Code"

    # set by each model
    _fuxi_code_field = None
    _fuxi_code_flag = None
    _fuxi_code_sequence = None

    def _fuxi_code_label(self):
        return self.env._("code")

    @api.model
    def _fuxi_next_code(self):
        Model = self.sudo().with_context(active_test=False)
        for _attempt in range(1000):
            code = self.env["ir.sequence"].sudo().next_by_code(self._fuxi_code_sequence)
            if not code:
                raise UserError(
                    self.env._(
                        "The %(label)s sequence is missing: check Code Settings.",
                        label=self._fuxi_code_label(),
                    )
                )
            used = [(self._fuxi_code_field, "=", code), (self._fuxi_code_flag, "=", True)]
            if not Model.search_count(used):
                return code
        raise UserError(
            self.env._(
                "No free %(label)s found: raise the next number in Code Settings.",
                label=self._fuxi_code_label(),
            )
        )

    def _fuxi_check_code_unique(self):
        field, flag = self._fuxi_code_field, self._fuxi_code_flag
        coded = self.filtered(lambda r: r[flag] and r[field])
        if not coded:
            return
        Model = self.sudo().with_context(active_test=False)
        duplicates = Model._read_group(
            [(flag, "=", True), (field, "in", coded.mapped(field))],
            [field],
            ["id:recordset"],
            having=[("__count", ">", 1)],
        )
        if duplicates:
            # name who holds each code already: on an import that row is the one to fix
            used = []
            for code, holders in duplicates:
                others = (holders - self) or holders
                used.append(f"{code} ({', '.join(others.mapped('display_name'))})")
            raise ValidationError(
                self.env._(
                    "The %(label)s %(codes)s is already used.",
                    label=self._fuxi_code_label(),
                    codes=", ".join(used),
                )
            )

    def _fuxi_check_import_batch(self, vals_list):
        """An import creates its rows in one batch first; a code conflict there would be
        reported at the batch's first row. Make the import retry row by row instead, where
        the conflict is reported at its own row (see ``BaseModel.load``)."""
        flag, field = self._fuxi_code_flag, self._fuxi_code_field
        default_flag = self.env.context.get(f"default_{flag}")
        codes = [
            vals[field]
            for vals in vals_list
            if vals.get(field) and (vals[flag] if flag in vals else default_flag)
        ]
        if not codes:
            return
        in_use = (
            self.sudo()
            .with_context(active_test=False)
            .search_count([(flag, "=", True), (field, "in", codes)], limit=1)
        )
        if in_use or len(set(codes)) < len(codes):
            raise ImportRetryRowByRow()

    @api.model_create_multi
    def create(self, vals_list):
        # the flag may come as a context default (an import from the customers list): Odoo
        # adds those only after this override has seen the values
        flag, field = self._fuxi_code_flag, self._fuxi_code_field
        default_flag = self.env.context.get(f"default_{flag}")
        default_code = self.env.context.get(f"default_{field}")
        if len(vals_list) > 1 and self.env.context.get("import_file"):
            self._fuxi_check_import_batch(vals_list)
        for vals in vals_list:
            flagged = vals[flag] if flag in vals else default_flag
            if flagged and not vals.get(field, default_code):
                vals[field] = self._fuxi_next_code()
        return super().create(vals_list)

    def write(self, vals):
        res = super().write(vals)
        field = self._fuxi_code_field
        if vals.get(self._fuxi_code_flag) or (field in vals and not vals[field]):
            self._fuxi_assign_missing_codes()
        return res

    def copy_data(self, default=None):
        vals_list = super().copy_data(default=default)
        for vals in vals_list:
            if vals.get(self._fuxi_code_flag):
                vals[self._fuxi_code_field] = False  # create() gives the copy a new code
        return vals_list

    def _fuxi_assign_missing_codes(self):
        """Give a code to the flagged records of self (all of them when empty) that lack one."""
        domain = [(self._fuxi_code_flag, "=", True), (self._fuxi_code_field, "in", (False, ""))]
        if self:
            domain.append(("id", "in", self.ids))
        missing = self.sudo().with_context(active_test=False).search(domain, order="id")
        for record in missing:
            record[self._fuxi_code_field] = self._fuxi_next_code()
        return missing

    @api.model
    def _fuxi_install_assign_codes(self):
        """Run on install and every upgrade: existing records without a code get one."""
        self.browse()._fuxi_assign_missing_codes()
