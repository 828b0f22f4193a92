from odoo import api, fields, models
from odoo.tools import SQL
from odoo.tools.sql import create_index

from .fuxi_card import normalize_card_number

PHONE_COLUMNS = ("phone", "mobile")


def phone_digits_sql(column):
    """The digits of a phone column, as the caller-ID indexes store them (the same text in
    the index and in the lookup: PostgreSQL uses an expression index only for the same
    expression)."""
    return rf"regexp_replace(({column})::text, '\D'::text, ''::text, 'g'::text)"


class ResPartner(models.Model):
    _inherit = "res.partner"

    # ILIKE '%1234%' on the raw numbers (the partner list's phone filter) without trigram
    # indexes is a scan of every partner (60 ms at 100,000 guests); caller ID looks numbers
    # up by their digits instead (init)
    phone = fields.Char(index="trigram")
    mobile = fields.Char(index="trigram")
    card_ids = fields.One2many("fuxi.card", "partner_id", string="Cards")
    card_count = fields.Integer(compute="_compute_card_count", string="Cards ")
    active_card_number = fields.Char(compute="_compute_card_count", string="Card")

    def init(self):
        res = super().init()
        # caller ID looks a number up by its digits, however it was typed ("+86 139-0000-1111",
        # "139 0000 1111"): one index probe per column instead of reading every guest whose
        # number contains the last four digits
        for column in PHONE_COLUMNS:
            create_index(
                self.env.cr,
                f"res_partner_fuxi_{column}_digits_index",
                self._table,
                [phone_digits_sql(column)],
                where=f"{column} IS NOT NULL",
            )
        return res

    @api.model
    def _fuxi_phone_digits_query(self, forms):
        """The ids of the active customers whose phone or mobile has exactly these digits
        (one of `forms`, e.g. with and without the country code), by the digits indexes."""
        matches = SQL(" OR ").join(
            SQL(
                "(%s IS NOT NULL AND %s IN %s)",
                SQL.identifier(column),
                SQL(phone_digits_sql(column)),
                tuple(forms),
            )
            for column in PHONE_COLUMNS
        )
        return SQL(
            "SELECT id FROM res_partner WHERE active AND is_fuxi_customer AND (%s) ORDER BY id",
            matches,
        )

    @api.model
    def _fuxi_search_phone_digits(self, forms):
        """Run as superuser, like the sudo() search it replaced: callers check the station
        user's rights on what they show."""
        if not forms:
            return []
        self.flush_model([*PHONE_COLUMNS, "active", "is_fuxi_customer"])
        self.env.cr.execute(self._fuxi_phone_digits_query(forms))
        return [row[0] for row in self.env.cr.fetchall()]

    @api.model_create_multi
    def create(self, vals_list):
        partners = super().create(vals_list)
        number = normalize_card_number(self.env.context.get("fuxi_card_number"))
        if number and len(partners) == 1 and partners.is_fuxi_customer:
            # "New guest with this card" from an unknown swipe; the context stays on the form
            # after the first save, so a guest created next from it does not take the card again
            Card = self.env["fuxi.card"]
            if not Card.sudo().search_count([("number", "=", number), ("state", "=", "active")]):
                Card.create(
                    {
                        "number": number,
                        "partner_id": partners.id,
                        "kind": self.env.context.get("fuxi_card_kind") or "contactless",
                    }
                )
        return partners

    def _compute_card_count(self):
        cards = self.env["fuxi.card"].search([("partner_id", "in", self.ids)])
        for partner in self:
            mine = cards.filtered(lambda card, p=partner: card.partner_id == p)
            partner.card_count = len(mine)
            partner.active_card_number = ", ".join(
                mine.filtered(lambda card: card.state == "active").mapped("number")
            )

    def action_bind_card(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Bind a Card"),
            "res_model": "fuxi.card.bind",
            "view_mode": "form",
            "target": "new",
            "context": {"default_partner_id": self.id},
        }

    def action_view_cards(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("fuxi_card_reader.action_fuxi_card")
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.id}
        return action
