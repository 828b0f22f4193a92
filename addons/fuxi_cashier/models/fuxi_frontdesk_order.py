import math

from odoo import api, fields, models
from odoo.exceptions import UserError

from odoo.addons.fuxi_frontdesk.models.fuxi_frontdesk_order import clean_uid

from .fuxi_cashier_bill import DISCOUNT_LIMIT_PARAM

MAX_AMOUNT = 1_000_000


class FuxiFrontdeskOrder(models.Model):
    """The cashier's verbs (收银) on a front desk order. Plain values in and out; each checks
    the cashier's rights and its arguments, locks the order (and the member's card when
    money is drawn on it), and applies a request carrying a client id once."""

    _inherit = "fuxi.frontdesk.order"

    cashier_bill_ids = fields.One2many(
        "fuxi.cashier.bill", "order_id", readonly=True, groups="fuxi_cashier.group_fuxi_cashier"
    )

    # ------------------------------------------------------------- helpers
    @api.model
    def _cashier_amount(self, value, what=None):
        """A positive amount in the company currency's rounding, or a clear refusal."""
        try:
            amount = float(value)
        except (TypeError, ValueError):
            amount = float("nan")
        currency = self.env.company.currency_id
        if not math.isfinite(amount) or currency.compare_amounts(amount, 0.0) <= 0:
            raise UserError(
                self.env._("%s must be an amount above zero.", what or self.env._("The amount"))
            )
        if amount > MAX_AMOUNT:
            raise UserError(self.env._("%s is too large.", what or self.env._("The amount")))
        rounded = currency.round(amount)
        # 1.005 is refused, 0.1 + 0.2 (0.30000000000000004, a screen's sum) is 0.30
        if abs(rounded - amount) > 1e-6:
            raise UserError(
                self.env._(
                    "%(what)s has more decimals than the currency: %(amount)s.",
                    what=what or self.env._("The amount"),
                    amount=value,
                )
            )
        return rounded

    @api.model
    def _cashier_method(self, method_id):
        try:
            method_id = int(method_id)
        except (TypeError, ValueError):
            method_id = 0
        Method = self.env["fuxi.cashier.payment.method"]
        active = Method._active_method_data(self.env.company.id, self.env.lang or "en_US")
        if any(data["id"] == method_id for data in active):
            # an active method of the company (cached): no existence nor rights query
            return Method.sudo().browse(method_id)
        method = (
            self.env["fuxi.cashier.payment.method"]
            .with_context(active_test=False)
            .browse(method_id)
            .exists()
        )
        if not method or method.company_id not in self.env.companies:
            raise UserError(self.env._("This payment method does not exist."))
        if not method.active:
            raise UserError(
                self.env._("The payment method %s is not in use any more.", method.name)
            )
        return method

    def _cashier_find_bill(self):
        """The order's bill with its row, in one query (through cashier_bill_ids: its id,
        then its row)."""
        self.ensure_one()
        Bill = self.env["fuxi.cashier.bill"]
        return Bill.search_fetch([("order_id", "=", self.id)], Bill._row_field_names(), limit=1)

    def _cashier_bill_record(self):
        """The order's bill, made on the first call (the order is locked by the caller)."""
        self.ensure_one()
        bill = self._cashier_find_bill()
        if not bill:
            bill = (
                self.env["fuxi.cashier.bill"]
                .sudo()
                .create(
                    {
                        "order_id": self.id,
                        "partner_id": self.partner_id.id,
                        "company_id": self.company_id.id,
                    }
                )
            )
            self.invalidate_recordset(["cashier_bill_ids"])
        return bill

    def _cashier_start(self):
        """Checks and locks shared by the verbs that change a bill."""
        self.ensure_one()
        self.env["fuxi.cashier.bill"]._check_cashier()
        self._lock()
        return self._cashier_bill_record()

    @api.model
    def _cashier_is_bill_member(self, bill, partner_id):
        """Whether ``partner_id`` is the member already on the bill (the panel sends back
        the member it set): no need to look them up again, the bill's link proves they
        exist. Read as _checked_partner reads it."""
        try:
            return bool(bill.partner_id) and int(partner_id or 0) == bill.partner_id.id
        except (TypeError, ValueError):
            return False

    def _check_no_payments(self, bill):
        if bill.payment_ids.filtered(lambda payment: payment.state == "posted"):
            raise UserError(
                self.env._("Payments were taken on this bill: remove them before changing it.")
            )

    # ------------------------------------------------------------- bill verbs
    def cashier_bill(self):
        """The order's bill as the payment panel shows it."""
        self.ensure_one()
        self.env["fuxi.cashier.bill"]._check_cashier()
        bill = self._cashier_find_bill()
        if not bill:
            if self.state != "open":
                raise UserError(self.env._("This order has no bill."))
            self._lock()
            # looked for again under the lock: another screen may have just made it
            bill = self._cashier_bill_record()
        return bill._bill_payload()

    def cashier_set_member(self, partner_id):
        """The member the bill is for (False: none): their class and birthday decide the
        discount, their cards can pay."""
        bill = self._cashier_start()
        bill._check_draft()
        self._check_open()
        self._check_no_payments(bill)
        partner = self._checked_partner(partner_id)
        bill.sudo().partner_id = partner.id
        if partner and not self.partner_id:
            self.partner_id = partner.id
        return bill._bill_payload()

    def cashier_set_discount(self, percent, reason=""):
        """A manual discount in percent (0: none) with its reason; above the configured
        limit only a cashier manager may give it."""
        bill = self._cashier_start()
        bill._check_draft()
        self._check_open()
        self._check_no_payments(bill)
        try:
            percent = float(percent or 0.0)
        except (TypeError, ValueError):
            percent = float("nan")
        if not math.isfinite(percent) or not 0 <= percent <= 100:
            raise UserError(self.env._("A discount is a percentage between 0 and 100."))
        percent = round(percent, 2)
        reason = str(reason or "").strip()[:200]
        if percent and not reason:
            raise UserError(self.env._("Say why the discount is given."))
        limit = (
            self.env["ir.config_parameter"]
            .sudo()
            ._fuxi_get_int(DISCOUNT_LIMIT_PARAM, 10, minimum=0)
        )
        if percent > limit:
            # formatted apart: Odoo's term extractor cannot read an f-string argument
            shown = f"{percent:g}"
            bill._check_manager(
                self.env._(
                    "A discount above %(limit)s%% needs a cashier manager: %(percent)s%% was "
                    "asked.",
                    limit=limit,
                    percent=shown,
                )
            )
        bill.sudo().write(
            {
                "manual_discount_percent": percent,
                "manual_discount_reason": reason if percent else False,
                "manual_discount_by": self.env.uid if percent else False,
            }
        )
        return bill._bill_payload()

    def cashier_pay(self, method_id, amount, tendered=False, reference=False, client_id=None):
        """Take a payment. Cash may exceed what is due (change); every other method pays at
        most what is due. The same client_id sent again returns the bill unchanged."""
        bill = self._cashier_start()
        client_id = clean_uid(client_id, self.env._("The payment needs its client id."))
        existing = bill.payment_ids.filtered(lambda payment: payment.client_id == client_id)
        if existing:
            return bill._bill_payload()  # a retry: already applied
        bill._check_draft()
        self._check_open()
        method = self._cashier_method(method_id)
        amount = self._cashier_amount(amount)
        self.env["fuxi.cashier.day"]._check_day_open()
        figures = bill._compute_figures()
        amount, tendered_amount, change, reference = self._cashier_checked_payment(
            bill, method, amount, tendered, reference, figures["due"]
        )
        shift = self.env["fuxi.cashier.shift"]._current()
        with self.env.cr.savepoint():
            payment = (
                self.env["fuxi.cashier.payment"]
                .sudo()
                .create(
                    self._cashier_payment_values(
                        bill, method, amount, tendered_amount, change, reference, client_id, shift
                    )
                )
            )
            payment._draw(bill)
        # the new payment is already in bill.payment_ids (the ORM adds it on create)
        return bill._bill_payload()

    def _cashier_checked_payment(self, bill, method, amount, tendered, reference, due):
        """One payment checked against what is still due, the same for cashier_pay and for
        each payment of cashier_settle: (amount, tendered, change, reference). Cash pays at
        most what is due (the rest of what was handed over is change); every other method
        pays at most what is due; a member's method needs the member."""
        currency = self.company_id.currency_id
        if currency.compare_amounts(due, 0.0) <= 0:
            raise UserError(self.env._("Nothing is due on this bill."))
        change = 0.0
        tendered_amount = 0.0
        if method.kind == "cash":
            tendered_amount = amount
            if tendered:
                tendered_amount = self._cashier_amount(tendered, self.env._("The cash handed over"))
                if currency.compare_amounts(tendered_amount, amount) < 0:
                    raise UserError(
                        self.env._("The cash handed over is less than the amount paid.")
                    )
            amount = min(amount, due)
            change = currency.round(tendered_amount - amount)
        elif currency.compare_amounts(amount, due) > 0:
            raise UserError(
                self.env._(
                    "%(method)s can pay at most what is due (%(due).2f): only cash gives change.",
                    method=method.name,
                    due=due,
                )
            )
        reference = str(reference or "").strip()[:64]
        if method.needs_reference and not reference:
            raise UserError(
                self.env._("Type the transaction number of the %s payment.", method.name)
            )
        if method.kind in ("stored_value", "points", "account") and not bill.partner_id:
            raise UserError(
                self.env._("Identify the member first: %s pays from a member's card.", method.name)
            )
        return amount, tendered_amount, change, reference

    def _cashier_payment_values(
        self, bill, method, amount, tendered, change, reference, client_id, shift
    ):
        """The values of a payment record, written by the cashier who takes it today."""
        return {
            "bill_id": bill.id,
            "method_id": method.id,
            "amount": amount,
            "tendered": tendered,
            "change": change,
            "reference": reference or False,
            "client_id": client_id,
            "partner_id": bill.partner_id.id,
            "user_id": self.env.uid,
            "shift_id": shift.id,
            "date": fields.Date.context_today(self),
            "company_id": bill.company_id.id,
        }

    def _cashier_settle_payments(self, bill, payments, due):
        """The settle's payments checked against what is due, in order, before anything is
        written: [(method, amount, tendered, change, reference)]. Cash pays at most what is
        left (the rest is change); every other method at most what is left; together they
        must pay the whole bill."""
        if not isinstance(payments, list | tuple) or len(payments) > 20:
            raise UserError(self.env._("The payments of the bill are a list."))
        currency = self.company_id.currency_id
        left = due
        if not all(isinstance(payment, dict) for payment in payments):
            raise UserError(self.env._("The payments of the bill are a list."))
        methods = [self._cashier_method(payment.get("method_id")) for payment in payments]
        # the methods read together (kind, reference, points), not one query each
        self.env["fuxi.cashier.payment.method"].sudo().browse(
            [method.id for method in methods]
        ).fetch(["name", "kind", "needs_reference", "earns_points"])
        checked = []
        for payment, method in zip(payments, methods, strict=True):
            amount, tendered, change, reference = self._cashier_checked_payment(
                bill,
                method,
                self._cashier_amount(payment.get("amount")),
                payment.get("tendered"),
                payment.get("reference"),
                left,
            )
            left = currency.round(left - amount)
            checked.append((method, amount, tendered, change, reference))
        if currency.compare_amounts(left, 0.0) > 0:
            raise UserError(
                self.env._(
                    "%(due)s is still due on bill %(bill)s: the payments do not pay the whole "
                    "bill.",
                    due=bill._format_amount(left),
                    bill=bill.name,
                )
            )
        return checked

    def cashier_settle(self, payments, client_id=None, member_id=None, due=None):
        """Pay what is left of the bill and close it, in one request (the panel's settle
        button): ``payments`` [{"method_id", "amount", "tendered", "reference"}] are checked
        as cashier_pay checks one, taken all or none, then the bill closes as cashier_close
        closes it. ``member_id`` (optional) is the member the panel shows, set as
        cashier_set_member sets it; ``due`` (optional) what the panel showed as due: a bill
        changed meanwhile at another screen is refused, nothing paid. The same client_id
        sent again answers the closed bill without paying twice. Answers as cashier_close."""
        bill = self._cashier_start()
        client_id = clean_uid(client_id, self.env._("The payment needs its client id."))
        prefix = f"{client_id}:"
        if bill.state == "paid" and any(
            (payment.client_id or "").startswith(prefix) for payment in bill.payment_ids
        ):
            return {"bill": bill._bill_payload(), "receipt_url": bill._receipt_url()}
        bill._check_draft()
        self._check_open()
        with self.env.cr.savepoint():
            # today open (收市 not done) and the cashier's shift, in one query
            shift = self.env["fuxi.cashier.shift"]._current_on_open_day()
            if member_id is not None and not self._cashier_is_bill_member(bill, member_id):
                partner = self._checked_partner(member_id)
                if partner != bill.partner_id:
                    self._check_no_payments(bill)
                    bill.sudo().partner_id = partner.id
                    if partner and not self.partner_id:
                        self.partner_id = partner.id
            figures = bill._compute_figures()
            currency = self.company_id.currency_id
            if due is not None:
                try:
                    shown = float(due)
                except (TypeError, ValueError):
                    shown = float("nan")
                if not math.isfinite(shown) or currency.compare_amounts(shown, figures["due"]):
                    raise UserError(
                        self.env._(
                            "The bill changed on another screen: %(due)s is due now. Check "
                            "it and settle again.",
                            due=bill._format_amount(figures["due"]),
                        )
                    )
            checked = self._cashier_settle_payments(bill, payments or [], figures["due"])
            # the member's balances the payments and the points move: the answer shows them
            balances = {}
            if checked:
                created = (
                    self.env["fuxi.cashier.payment"]
                    .sudo()
                    .create(
                        [
                            self._cashier_payment_values(
                                bill,
                                method,
                                amount,
                                tendered,
                                change,
                                reference,
                                f"{prefix}{number}",
                                shift,
                            )
                            for number, (method, amount, tendered, change, reference) in enumerate(
                                checked
                            )
                        ]
                    )
                )
                for payment in created:
                    balances.update(payment._draw(bill))
                # the lines, rules and member are already read: only the payments changed
                paid = currency.round(figures["paid"] + sum(created.mapped("amount")))
                figures = dict(
                    figures,
                    paid=paid,
                    due=currency.round(figures["total"] - paid),
                    change=currency.round(figures["change"] + sum(created.mapped("change"))),
                )
            balances.update(bill._close(figures, shift))
            # the checkout's answer (the order's whole payload) is not sent: not built; the
            # visit is written by the front desk's job right after this commit, so that the
            # guest's payment does not wait for the visit's lines and statistics
            self.with_context(
                fuxi_cashier_closing=True,
                fuxi_frontdesk_visit_later=True,
                fuxi_frontdesk_order_locked=True,
            ).action_checkout(confirm=True)
        return {
            "bill": bill._bill_payload(bill._closed_figures(figures), balances),
            "receipt_url": bill._receipt_url(),
        }

    def cashier_remove_payment(self, payment_id):
        """Take a payment off a bill not closed yet (what it drew on a card is given back)."""
        bill = self._cashier_start()
        bill._check_draft()
        self._check_open()
        try:
            payment_id = int(payment_id)
        except (TypeError, ValueError):
            payment_id = 0
        payment = bill.payment_ids.filtered(
            lambda payment: payment.id == payment_id and payment.state == "posted"
        )
        if not payment:
            raise UserError(self.env._("This payment is not on the bill any more."))
        self.env["fuxi.cashier.day"]._check_day_open(payment.date)
        payment._remove()
        return bill._bill_payload()

    def cashier_close(self):
        """Close the fully paid bill: the order is checked out, the member earns points.
        Answers {"bill": ..., "receipt_url": "/report/pdf/..."}; a repeated call answers
        the same."""
        bill = self._cashier_start()
        if bill.state == "paid":
            return {"bill": bill._bill_payload(), "receipt_url": bill._receipt_url()}
        bill._check_draft()
        self._check_open()
        self.env["fuxi.cashier.day"]._check_day_open()
        with self.env.cr.savepoint():
            bill._close()
            # as in cashier_settle: the visit is written by the front desk's job
            self.with_context(
                fuxi_cashier_closing=True,
                fuxi_frontdesk_visit_later=True,
                fuxi_frontdesk_order_locked=True,
            ).action_checkout(confirm=True)
        return {"bill": bill._bill_payload(), "receipt_url": bill._receipt_url()}

    def cashier_void(self, reason):
        """Void a paid bill (cashier manager, with a reason): its payments, stored value and
        points are reversed by new lines."""
        self.ensure_one()
        Bill = self.env["fuxi.cashier.bill"]
        Bill._check_cashier()
        Bill._check_manager(self.env._("Only a cashier manager can void a paid bill."))
        reason = str(reason or "").strip()[:200]
        if not reason:
            raise UserError(self.env._("Say why the bill is voided."))
        self._lock()
        bill = self.cashier_bill_ids[:1]
        if not bill or bill.state != "paid":
            raise UserError(self.env._("Only a paid bill can be voided."))
        self.env["fuxi.cashier.day"]._check_day_open()
        with self.env.cr.savepoint():
            bill._void(reason)
        return bill._bill_payload()

    def cashier_print_receipt(self):
        """The receipt of the order's closed bill, as a report action (plain values)."""
        self.ensure_one()
        self.env["fuxi.cashier.bill"]._check_cashier()
        bill = self.cashier_bill_ids[:1]
        if not bill or bill.state == "draft":
            raise UserError(self.env._("The bill is not closed yet."))
        action = self.env.ref("fuxi_cashier.action_report_cashier_receipt").report_action(bill)
        return {key: value for key, value in action.items() if value is not None}

    # ------------------------------------------------------------- members
    @api.model
    def cashier_member(self, partner_id):
        """A member's balances and signing right (the top-up dialog, the panel)."""
        self.env["fuxi.cashier.bill"]._check_cashier()
        partner = self._checked_partner(partner_id)
        if not partner:
            raise UserError(self.env._("Choose a member."))
        return partner._fuxi_member_payload()

    @api.model
    def cashier_topup(self, partner_id, method_id, amount, client_id=None, reference=False):
        """Top up a member's stored value, paid by a method (not by stored value or points);
        the bonus rule reached is added. Answers {"topup": ..., "member": ...}."""
        self.env["fuxi.cashier.bill"]._check_cashier()
        client_id = clean_uid(client_id, self.env._("The top-up needs its client id."))
        partner = self._checked_partner(partner_id)
        if not partner:
            raise UserError(self.env._("Choose the member whose card is topped up."))
        # the member's card, locked: a retried request waits for the first and then sees it
        card = partner.sudo()._fuxi_card("stored_value", create=True)
        self.env.cr.execute("SELECT id FROM loyalty_card WHERE id = %s FOR UPDATE", (card.id,))
        Topup = self.env["fuxi.cashier.topup"].sudo()
        existing = Topup.search(
            [("company_id", "=", self.env.company.id), ("client_id", "=", client_id)], limit=1
        )
        if existing:
            return {"topup": existing._topup_payload(), "member": partner._fuxi_member_payload()}
        method = self._cashier_method(method_id)
        if method.kind in ("stored_value", "points", "account"):
            raise UserError(self.env._("Stored value cannot be topped up with %s.", method.name))
        amount = self._cashier_amount(amount)
        reference = str(reference or "").strip()[:64]
        if method.needs_reference and not reference:
            raise UserError(
                self.env._("Type the transaction number of the %s payment.", method.name)
            )
        self.env["fuxi.cashier.day"]._check_day_open()
        company = self.env.company
        with self.env.cr.savepoint():
            topup = Topup.create(
                {
                    "partner_id": partner.id,
                    "method_id": method.id,
                    "amount": amount,
                    "bonus": Topup._bonus_for(amount, company),
                    "reference": reference or False,
                    "client_id": client_id,
                    "user_id": self.env.uid,
                    "shift_id": self.env["fuxi.cashier.shift"]._current().id,
                    "date": fields.Date.context_today(self),
                    "company_id": company.id,
                }
            )
            topup._post()
        return {"topup": topup._topup_payload(), "member": partner._fuxi_member_payload()}

    @api.model
    def cashier_refund_topup(self, topup_id, reason):
        """Refund a whole top-up and its bonus (cashier manager), while the member still
        holds them; the points it earned are taken back."""
        Bill = self.env["fuxi.cashier.bill"]
        Bill._check_cashier()
        Bill._check_manager(self.env._("Only a cashier manager can refund a top-up."))
        reason = str(reason or "").strip()[:200]
        if not reason:
            raise UserError(self.env._("Say why the top-up is refunded."))
        try:
            topup_id = int(topup_id)
        except (TypeError, ValueError):
            topup_id = 0
        topup = self.env["fuxi.cashier.topup"].browse(topup_id).exists()
        if not topup or topup.company_id not in self.env.companies:
            raise UserError(self.env._("This top-up does not exist."))
        self.env.cr.execute(
            "SELECT id FROM fuxi_cashier_topup WHERE id = %s FOR UPDATE", (topup.id,)
        )
        topup.invalidate_recordset(["state"])
        if topup.state != "done":
            raise UserError(self.env._("Top-up %s was already refunded.", topup.name))
        self.env["fuxi.cashier.day"]._check_day_open()
        with self.env.cr.savepoint():
            topup._refund(reason)
        return {"topup": topup._topup_payload(), "member": topup.partner_id._fuxi_member_payload()}

    # ------------------------------------------------------------- rewards
    @api.model
    def cashier_rewards(self):
        """The rewards members may take for points (the points program's rewards other
        than "points pay the bill"): [{"id", "name", "points"}]."""
        self.env["fuxi.cashier.bill"]._check_cashier()
        return self._cashier_rewards()._fuxi_reward_payload()

    @api.model
    def _cashier_rewards(self):
        program = self.env.company.sudo()._fuxi_cashier_program("points")
        return program.reward_ids.filtered(
            lambda reward: reward.active
            and reward.discount_mode != "per_point"
            and reward.required_points > 0
        )

    @api.model
    def cashier_redeem_reward(self, partner_id, reward_id, client_id=None):
        """A member takes a reward for points (积分兑换): one ledger line naming the reward,
        refused beyond the member's points. The same client_id again answers without
        drawing twice. Answers {"reward": {"id", "name", "points"}, "member": member}."""
        self.env["fuxi.cashier.bill"]._check_cashier()
        client_id = clean_uid(client_id, self.env._("The redemption needs its client id."))
        partner = self._checked_partner(partner_id)
        if not partner:
            raise UserError(self.env._("Choose the member who takes the reward."))
        try:
            reward_id = int(reward_id)
        except (TypeError, ValueError):
            reward_id = 0
        reward = self._cashier_rewards().filtered(lambda reward: reward.id == reward_id)
        if not reward:
            raise UserError(self.env._("This reward cannot be taken for points."))
        card = partner.sudo()._fuxi_card("points", create=True)
        # locked first: a retry waits for its original and then finds its line
        self.env.cr.execute("SELECT id FROM loyalty_card WHERE id = %s FOR UPDATE", (card.id,))
        History = self.env["loyalty.history"].sudo()
        done = History.search_count(
            [("card_id", "=", card.id), ("fuxi_client_id", "=", client_id)], limit=1
        )
        if not done:
            self.env["fuxi.cashier.day"]._check_day_open()
            name = reward._fuxi_reward_payload()[0]["name"]
            with self.env.cr.savepoint():
                card._fuxi_post(
                    -reward.required_points,
                    "reward",
                    self.env._("Reward taken for points: %s", name),
                    reward=reward,
                    client_id=client_id,
                )
        return {
            "reward": reward._fuxi_reward_payload()[0],
            "member": partner._fuxi_member_payload(),
        }

    # ------------------------------------------------------------- signed accounts (挂账)
    @api.model
    def cashier_signed_bills(self, partner_id):
        """The open signed bills of an account: {"member", "bills": [{"payment_id",
        "bill", "order", "table", "date", "amount"}], "owed"}."""
        self.env["fuxi.cashier.bill"]._check_cashier()
        partner = self._checked_partner(partner_id)
        if not partner:
            raise UserError(self.env._("Choose the account whose signed bills are settled."))
        payments = self._cashier_open_signed(partner)
        return {
            "member": partner._fuxi_member_payload(),
            "bills": [
                {
                    "payment_id": payment.id,
                    "bill": payment.bill_id.name,
                    # the settlement dialog names where each bill was signed
                    "order": payment.bill_id.order_id.name or "",
                    "table": payment.bill_id.order_id.room_id.name or "",
                    "date": fields.Date.to_string(payment.date),
                    "amount": payment.amount,
                }
                for payment in payments
            ],
            "owed": self.env.company.currency_id.round(sum(payments.mapped("amount"))),
        }

    @api.model
    def _cashier_open_signed(self, partner):
        return (
            self.env["fuxi.cashier.payment"]
            .sudo()
            .search(
                [
                    ("partner_id", "=", partner.id),
                    ("company_id", "=", self.env.company.id),
                    ("state", "=", "posted"),
                    ("method_id.kind", "=", "account"),
                    ("settlement_id", "=", False),
                    # signed on a closed bill only: on an open one the payment may still be
                    # removed, and a settlement would then have been paid for nothing
                    ("bill_id.state", "!=", "draft"),
                ],
                order="id",
            )
        )

    @api.model
    def cashier_settle_account(self, partner_id, method_id, client_id=None, reference=False):
        """The account pays every open signed bill by a method (挂账结算): one settlement,
        the signed payments marked settled, the day's figures and the shift's cash count
        it. Answers {"settlement": {...}, "member": member}."""
        self.env["fuxi.cashier.bill"]._check_cashier()
        client_id = clean_uid(client_id, self.env._("The settlement needs its client id."))
        partner = self._checked_partner(partner_id)
        if not partner:
            raise UserError(self.env._("Choose the account whose signed bills are settled."))
        # the account locked: a retry, a second desk or a new signature waits here
        self.env.cr.execute("SELECT id FROM res_partner WHERE id = %s FOR UPDATE", (partner.id,))
        Settlement = self.env["fuxi.cashier.settlement"].sudo()
        existing = Settlement.search(
            [("company_id", "=", self.env.company.id), ("client_id", "=", client_id)], limit=1
        )
        if existing:
            return {
                "settlement": existing._settlement_payload(),
                "member": partner._fuxi_member_payload(),
            }
        method = self._cashier_method(method_id)
        if method.kind in ("stored_value", "points", "account"):
            raise UserError(self.env._("Signed bills cannot be settled with %s.", method.name))
        reference = str(reference or "").strip()[:64]
        if method.needs_reference and not reference:
            raise UserError(
                self.env._("Type the transaction number of the %s payment.", method.name)
            )
        payments = self._cashier_open_signed(partner)
        currency = self.env.company.currency_id
        amount = currency.round(sum(payments.mapped("amount")))
        if currency.compare_amounts(amount, 0.0) <= 0:
            raise UserError(self.env._("%s owes nothing on signed bills.", partner.name or ""))
        self.env["fuxi.cashier.day"]._check_day_open()
        with self.env.cr.savepoint():
            settlement = Settlement.create(
                {
                    "partner_id": partner.id,
                    "method_id": method.id,
                    "amount": amount,
                    "reference": reference or False,
                    "client_id": client_id,
                    "bill_count": len(payments.bill_id),
                    "user_id": self.env.uid,
                    "shift_id": self.env["fuxi.cashier.shift"]._current().id,
                    "date": fields.Date.context_today(self),
                    "company_id": self.env.company.id,
                }
            )
            payments.write({"settlement_id": settlement.id})
        return {
            "settlement": settlement._settlement_payload(),
            "member": partner._fuxi_member_payload(),
        }

    # ------------------------------------------------------------- the front desk's checkout
    def action_checkout(self, confirm=False):
        """With the cashier, a table whose bill is not paid is closed by the cashier's
        close (which pays it first), never by the front desk's checkout: a waiter cannot
        free a table the guest has not paid."""
        # (not asked again in the cashier's own close, which has just paid the bill)
        for order in self if not self.env.context.get("fuxi_cashier_closing") else ():
            bill = order.sudo().cashier_bill_ids[:1]
            if bill and bill.state != "paid":
                raise UserError(
                    self.env._(
                        "Bill %(bill)s of %(order)s is not paid: a cashier takes the payment "
                        "and closes it in the payment panel.",
                        bill=bill.name,
                        order=order.name,
                    )
                )
        return super().action_checkout(confirm=confirm)

    # ------------------------------------------------------------- shifts and days
    @api.model
    def cashier_shift(self):
        """The cashier's open shift, or False."""
        self.env["fuxi.cashier.bill"]._check_cashier()
        shift = self.env["fuxi.cashier.shift"]._current(create=False)
        return shift._shift_payload() if shift else False

    @api.model
    def cashier_shift_open(self, opening_cash=0.0):
        """Open the cashier's shift with the cash in the drawer (the open one if any)."""
        self.env["fuxi.cashier.bill"]._check_cashier()
        opening = 0.0
        if opening_cash:
            opening = self._cashier_amount(opening_cash, self.env._("The opening cash"))
        Shift = self.env["fuxi.cashier.shift"]
        shift = Shift._current(create=False) or Shift._current(opening_cash=opening)
        return shift._shift_payload()

    @api.model
    def cashier_shift_close(self, counted_cash):
        """Close the cashier's own shift with the cash counted in the drawer."""
        self.env["fuxi.cashier.bill"]._check_cashier()
        try:
            counted = float(counted_cash)
        except (TypeError, ValueError):
            counted = float("nan")
        if not math.isfinite(counted) or counted < 0:
            raise UserError(self.env._("The counted cash must be zero or more."))
        shift = self.env["fuxi.cashier.shift"]._current(create=False)
        if not shift:
            raise UserError(self.env._("You have no open shift."))
        shift._close(self.env.company.currency_id.round(counted))
        return shift._shift_payload()

    @api.model
    def _cashier_date(self, date):
        if not date:
            return fields.Date.context_today(self)
        try:
            return fields.Date.to_date(date)
        except (TypeError, ValueError) as error:
            raise UserError(self.env._("%s is not a date.", date)) from error

    @api.model
    def cashier_day(self, date=False):
        """The figures of a business day (today by default): {"day": ..., "report_url"}."""
        self.env["fuxi.cashier.bill"]._check_cashier()
        day = self.env["fuxi.cashier.day"]._get_day(self._cashier_date(date), create=True)
        return day._day_result()

    @api.model
    def cashier_day_close(self, date=False):
        """Close a business day (收市日结, cashier manager): no more money moves on it."""
        Day = self.env["fuxi.cashier.day"]
        Day._check_manager()
        day = Day._get_day(self._cashier_date(date), create=True)
        self.env.cr.execute("SELECT id FROM fuxi_cashier_day WHERE id = %s FOR UPDATE", (day.id,))
        if day.state != "closed":
            day.sudo().write(
                {"state": "closed", "closed_by": self.env.uid, "closed_at": fields.Datetime.now()}
            )
        return day._day_result()

    @api.model
    def cashier_day_reopen(self, date, reason):
        """Reopen a closed day (cashier manager, with a reason)."""
        Day = self.env["fuxi.cashier.day"]
        Day._check_manager()
        reason = str(reason or "").strip()[:200]
        if not reason:
            raise UserError(self.env._("Say why the day is reopened."))
        day = Day._get_day(self._cashier_date(date))
        if day.state != "closed":
            raise UserError(self.env._("This day is not closed."))
        day.sudo().write(
            {
                "state": "open",
                "reopened_by": self.env.uid,
                "reopened_at": fields.Datetime.now(),
                "reopen_reason": reason,
            }
        )
        return day._day_result()

    def _order_payload(self):
        """The front desk screen learns whether the cashier may take money here."""
        if self.env.context.get("fuxi_cashier_closing"):
            # cashier_close answers the bill: the front desk's payload would be thrown away
            return {"id": self.id, "state": self.state}
        payload = super()._order_payload()
        # a waiter reads no bill, but sees whether the table's bill is paid
        bill = self.sudo().cashier_bill_ids[:1]
        payload["cashier"] = {
            "bill_id": bill.id,
            "bill_state": bill.state or False,
            "can_pay": self.env.user.has_group("fuxi_cashier.group_fuxi_cashier"),
        }
        return payload
