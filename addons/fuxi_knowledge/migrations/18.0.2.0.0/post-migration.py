"""18.0.2.0.0: the New Dishes channel (a noupdate record) gets its Chinese name, unless
someone renamed it, and its members: everyone who sees the Knowledge menus."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    channel = env.ref("fuxi_knowledge.channel_new_dishes", raise_if_not_found=False)
    if not channel:
        return
    viewer = env.ref("fuxi_knowledge.group_fuxi_knowledge_viewer")
    vals = {"group_ids": [(4, viewer.id)]}
    if channel.name == "New Dishes":
        vals.update(name="新菜上市", description="新上市的菜式和酒水，请向客人介绍。")
    channel.write(vals)  # Discuss subscribes the group's users (implied ones included)
