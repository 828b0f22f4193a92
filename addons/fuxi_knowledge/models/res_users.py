from odoo import api, models

from odoo.addons.base.models.res_users import is_boolean_group, is_selection_groups


class ResUsers(models.Model):
    _inherit = "res.users"

    @api.model_create_multi
    def create(self, vals_list):
        users = super().create(vals_list)
        users._fuxi_join_new_dish_channel()
        return users

    def write(self, vals):
        res = super().write(vals)
        if any(
            key == "groups_id" or is_selection_groups(key) or is_boolean_group(key) for key in vals
        ):
            self._fuxi_join_new_dish_channel()
        return res

    def _fuxi_join_new_dish_channel(self):
        """Staff who can now see the Knowledge menus join the New Dishes channel.

        Discuss auto-subscribes the channel's groups only when a user is given one of them
        by name, not when it comes implied by a higher right (Knowledge / User, a front-desk
        right): the stored membership of the viewer group is what counts.
        """
        channel = self.env.ref("fuxi_knowledge.channel_new_dishes", raise_if_not_found=False)
        viewer = self.env.ref(
            "fuxi_knowledge.group_fuxi_knowledge_viewer", raise_if_not_found=False
        )
        if not channel or not viewer:
            return
        channel = channel.sudo()
        joining = (
            self.sudo().filtered(lambda user: user.active and viewer in user.groups_id).partner_id
            - channel.channel_partner_ids
        )
        if joining:
            channel.add_members(partner_ids=joining.ids, post_joined_message=False)
