from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    fuxi_stored_value_program_id = fields.Many2one(
        "loyalty.program",
        string="Stored Value Program",
        help="The eWallet program holding the members' stored value (储值).",
    )
    fuxi_points_program_id = fields.Many2one(
        "loyalty.program",
        string="Points Program",
        help="The loyalty program holding the members' points (积分); its rule gives the "
        "points earned per amount paid.",
    )

    def _fuxi_cashier_program(self, kind, create=True):
        """The company's stored value ("stored_value") or points ("points") program, made
        the first time it is needed (a company added later gets its own)."""
        self.ensure_one()
        field = (
            "fuxi_stored_value_program_id" if kind == "stored_value" else "fuxi_points_program_id"
        )
        company = self.sudo()
        if company[field] or not create:
            return company[field]
        # two first payments at once: the second waits here and is replayed, so one program
        self.env.cr.execute("SELECT id FROM res_company WHERE id = %s FOR UPDATE", (company.id,))
        company.invalidate_recordset([field])
        if company[field]:
            return company[field]
        company[field] = self.env["loyalty.program"].sudo().create(company._fuxi_program_vals(kind))
        return company[field]

    def _fuxi_points_rate(self):
        """Points earned per currency unit paid: the money rule of the points program."""
        self.ensure_one()
        return self._fuxi_points_terms()[0]

    def _fuxi_points_value(self):
        """Money one point pays: the per-point reward of the points program (0.01: 100
        points pay ¥1)."""
        self.ensure_one()
        return self._fuxi_points_terms()[1]

    def _fuxi_points_terms(self, create=True):
        """(points earned per unit paid, money one point pays) of the company's points
        program; every bill answer shows them, so they are cached until a program, rule
        or reward changes (loyalty_program.py clears the cache)."""
        self.ensure_one()
        program = self.sudo()._fuxi_cashier_program("points", create=create)
        if not program:
            return (0.0, 0.0)
        return self.env["loyalty.program"]._fuxi_points_terms(program.id)

    def _fuxi_program_vals(self, kind):
        self.ensure_one()
        if kind == "stored_value":
            return {
                "name": self.env._("Stored Value"),
                "program_type": "ewallet",
                "company_id": self.id,
                "applies_on": "future",
                "trigger": "auto",
                "portal_point_name": self.currency_id.symbol,
                "rule_ids": [(0, 0, {"reward_point_mode": "money", "reward_point_amount": 1})],
                "reward_ids": [
                    (
                        0,
                        0,
                        {
                            "reward_type": "discount",
                            "discount_mode": "per_point",
                            "discount": 1,
                            "discount_applicability": "order",
                            "required_points": 1,
                        },
                    )
                ],
            }
        return {
            "name": self.env._("Member Points"),
            "program_type": "loyalty",
            "company_id": self.id,
            "applies_on": "both",
            "trigger": "auto",
            "portal_point_name": self.env._("Points"),
            # 1 point per ¥10 actually paid
            "rule_ids": [(0, 0, {"reward_point_mode": "money", "reward_point_amount": 0.1})],
            "reward_ids": [
                (
                    0,
                    0,
                    {
                        "reward_type": "discount",
                        "discount_mode": "per_point",
                        "discount": 0.01,
                        "discount_applicability": "order",
                        "required_points": 1,
                    },
                )
            ],
        }
