from odoo.tests import new_test_user


def new_token(reader):
    """Create Token, and the token the dialog shows (only the action's context holds it)."""
    return reader.action_new_token()["context"]["fuxi_reader_token"]


def make_world(env, tag="t"):
    """A station user, a reader with a token, guests with cards."""
    station = new_test_user(
        env,
        f"card_station_{tag}",
        groups="fuxi_customer.group_fuxi_customer_viewer,fuxi_tracking.group_fuxi_tracking_viewer",
    )
    reader = env["fuxi.card.reader"].create(
        {"name": f"测试读卡器{tag}", "station": "前台", "user_ids": [(6, 0, station.ids)]}
    )
    token = new_token(reader.with_user(env.ref("base.user_admin")))
    Partner = env["res.partner"]
    guest = Partner.create(
        {"name": f"刷卡客人{tag}", "is_fuxi_customer": True, "mobile": "+86 139-0000-1111"}
    )
    other = Partner.create({"name": f"另一位客人{tag}", "is_fuxi_customer": True})
    card = env["fuxi.card"].create({"number": "04:a2:3b:1c", "partner_id": guest.id})
    return station, reader, token, guest, other, card
