from odoo import api, models, tools


class LoyaltyProgram(models.Model):
    _name = "loyalty.program"
    _inherit = ["loyalty.program", "fuxi.cashier.cached"]

    @api.model
    @tools.ormcache("program_id")
    def _fuxi_points_terms(self, program_id):
        """(points per unit paid, money per point) of a points program, cached."""
        program = self.sudo().browse(program_id)
        rule = program.rule_ids.filtered(lambda rule: rule.reward_point_mode == "money")[:1]
        reward = program.reward_ids.filtered(lambda reward: reward.discount_mode == "per_point")
        return (rule.reward_point_amount if rule else 0.0, reward[:1].discount or 0.0)


class LoyaltyRule(models.Model):
    _name = "loyalty.rule"
    _inherit = ["loyalty.rule", "fuxi.cashier.cached"]


class LoyaltyReward(models.Model):
    _name = "loyalty.reward"
    _inherit = ["loyalty.reward", "fuxi.cashier.cached"]

    def _fuxi_reward_payload(self):
        return [
            {
                "id": reward.id,
                "name": reward.description or reward.display_name or "",
                "points": reward.required_points,
            }
            for reward in self
        ]
