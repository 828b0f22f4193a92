from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare, float_round

EXPIRY_PARAM = "fuxi_cashier.points_expiry_months"


class LoyaltyCard(models.Model):
    _inherit = "loyalty.card"

    def _fuxi_post(self, delta, kind, description, **options):
        """One ledger line (loyalty.history) and the card's balance moved by ``delta``, under
        a row lock: two checkouts drawing on one card at once are serialised, the second one
        replayed on the first one's balance, so a card is never overdrawn. ``options``:
        those of _fuxi_post_locked (bill, topup, payment, allow_negative, reward,
        client_id)."""
        self.ensure_one()
        card = self.sudo()
        # the lock reads the row: what this transaction wrote must be in it first
        card.flush_recordset(["points"])
        # the balance and the program's kind in the lock query: no read of the card after it
        self.env.cr.execute(
            """SELECT c.points, p.program_type FROM loyalty_card c
               JOIN loyalty_program p ON p.id = c.program_id
               WHERE c.id = %s FOR UPDATE OF c""",
            (card.id,),
        )
        current, program_type = self.env.cr.fetchone()
        return card._fuxi_post_locked(
            current or 0.0, program_type, delta, kind, description, **options
        )

    def _fuxi_post_locked(
        self,
        current,
        program_type,
        delta,
        kind,
        description,
        allow_negative=False,
        **ledger,
    ):
        """_fuxi_post once the card's row is locked and its balance ``current`` and program
        ``program_type`` read under the lock. ``ledger``: what the ledger line names
        (_fuxi_ledger_line's bill, topup, payment, reward, client_id)."""
        card = self.sudo()
        card.invalidate_recordset(["points"])
        digits = 2 if program_type == "ewallet" else 0
        delta = float_round(delta, precision_digits=digits)
        new = float_round(current + delta, precision_digits=digits)
        if (
            delta < 0
            and not allow_negative
            and float_compare(new, 0.0, precision_digits=digits) < 0
        ):
            if program_type == "ewallet":
                message = self.env._(
                    "The stored value of %(member)s is %(balance).2f: %(amount).2f cannot be "
                    "drawn from it.",
                    member=card.partner_id.name or "",
                    balance=current,
                    amount=-delta,
                )
            else:
                message = self.env._(
                    "%(member)s has %(balance)d points: %(amount)d cannot be used.",
                    member=card.partner_id.name or "",
                    balance=current,
                    amount=-delta,
                )
            raise UserError(message)
        card._fuxi_ledger_line(delta, kind, description, **ledger)
        # loyalty's write would mail the member when points reach a threshold and track the
        # change in the chatter: the ledger line above is the record
        card.with_context(loyalty_no_mail=True, tracking_disable=True).write({"points": new})
        return new

    def _fuxi_ledger_line(
        self,
        delta,
        kind,
        description,
        bill=None,
        topup=None,
        payment=None,
        reward=None,
        client_id=None,
    ):
        """The ledger line (loyalty.history) of ``delta`` (rounded) on this card, whose
        balance the caller moves by the same delta."""
        card = self.sudo()
        origin = bill or topup
        self.env["loyalty.history"].sudo().create(
            {
                "card_id": card.id,
                "description": description,
                "issued": delta if delta > 0 else 0.0,
                "used": -delta if delta < 0 else 0.0,
                "fuxi_kind": kind,
                "fuxi_bill_id": bill.id if bill else False,
                "fuxi_topup_id": topup.id if topup else False,
                "fuxi_payment_id": payment.id if payment else False,
                "fuxi_reward_id": reward.id if reward else False,
                "fuxi_client_id": client_id or False,
                "order_model": origin._name if origin else False,
                "order_id": origin.id if origin else False,
            }
        )

    @api.model
    def _fuxi_cron_expire_points(self):
        """Points expire N months after they were earned (setting
        fuxi_cashier.points_expiry_months, 0: never). Points are used oldest first, so what
        expires on a card is what was issued before the limit minus everything used so far
        (payments, rewards, points taken back, earlier expiries): an expiry line on the
        ledger, never a change of the earning lines. Running it again expires nothing more.
        Answers the number of cards touched."""
        months = self.env["ir.config_parameter"].sudo()._fuxi_get_int(EXPIRY_PARAM, 0, minimum=0)
        if not months:
            return 0
        cutoff = fields.Datetime.now() - relativedelta(months=months)
        touched = 0
        companies = self.env["res.company"].sudo().search([("fuxi_points_program_id", "!=", False)])
        for company in companies:
            self.env.cr.execute(
                """SELECT h.card_id
                     FROM loyalty_history h JOIN loyalty_card c ON c.id = h.card_id
                    WHERE c.program_id = %s
                 GROUP BY h.card_id
                   HAVING SUM(CASE WHEN h.create_date < %s THEN h.issued ELSE 0 END)
                          > SUM(h.used)""",
                (company.fuxi_points_program_id.id, cutoff),
            )
            card_ids = [row[0] for row in self.env.cr.fetchall()]
            for card in self.sudo().with_company(company).browse(card_ids):
                touched += card._fuxi_expire(cutoff, months)
        return touched

    def _fuxi_expire(self, cutoff, months):
        """Expire what this card earned before ``cutoff`` and has not used (locked: a
        payment with points at this moment is counted first)."""
        self.ensure_one()
        self.flush_recordset(["points"])
        self.env.cr.execute("SELECT points FROM loyalty_card WHERE id = %s FOR UPDATE", (self.id,))
        balance = self.env.cr.fetchone()[0] or 0.0
        self.env.cr.execute(
            """SELECT COALESCE(SUM(CASE WHEN create_date < %s THEN issued ELSE 0 END), 0)
                      - COALESCE(SUM(used), 0)
                 FROM loyalty_history WHERE card_id = %s""",
            (cutoff, self.id),
        )
        expired = min(self.env.cr.fetchone()[0] or 0.0, balance)
        expired = float_round(expired, precision_digits=0, rounding_method="DOWN")
        if expired <= 0:
            return 0
        self._fuxi_post(
            -expired,
            "expiry",
            self.env._(
                "%(points)d points earned before %(date)s expired (%(months)d months)",
                points=expired,
                date=fields.Date.to_string(cutoff.date()),
                months=months,
            ),
        )
        return 1
