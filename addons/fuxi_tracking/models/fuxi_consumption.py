from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL

MANAGER_GROUP = "fuxi_tracking.group_fuxi_tracking_manager"
# what the consumption buckets (models/fuxi_bucket.py) are made of
BUCKET_FIELDS = {"partner_id", "date", "company_id", "guest_count", "line_ids"}


class FuxiConsumption(models.Model):
    """新增业务: one visit of a guest — who, when, where, what was eaten and drunk."""

    _name = "fuxi.consumption"
    _description = "Consumption Record"
    _inherit = ["fuxi.sequence.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True
    _fuxi_sequence_code = "fuxi.consumption"

    name = fields.Char(
        string="Number", required=True, readonly=True, copy=False, default="/", index="trigram"
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        index=True,
        tracking=True,
        domain=[("is_fuxi_customer", "=", True)],
        help="Leave empty for a walk-in guest without a profile: the visit counts as walk-in.",
    )
    # precomputed (these and the amounts): written by the visit's INSERT, not by an UPDATE
    # of the new row right after it
    is_walk_in = fields.Boolean(
        string="Walk-in", compute="_compute_is_walk_in", store=True, index=True, precompute=True
    )
    customer_class_id = fields.Many2one(
        "fuxi.customer.class",
        compute="_compute_is_walk_in",
        store=True,
        index=True,
        precompute=True,
    )
    date = fields.Datetime(required=True, default=fields.Datetime.now, index=True, tracking=True)
    room_id = fields.Many2one("fuxi.room", string="Room / Table", index=True, tracking=True)
    guest_count = fields.Integer(string="Guests", default=1, tracking=True)
    waiter_id = fields.Many2one(
        "res.users", string="Waiter", default=lambda self: self.env.user, tracking=True
    )
    line_ids = fields.One2many("fuxi.consumption.line", "consumption_id", string="Lines", copy=True)
    currency_id = fields.Many2one(
        "res.currency", related="company_id.currency_id", string="Currency"
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    amount_dishes = fields.Monetary(
        string="Dishes", compute="_compute_amounts", store=True, precompute=True
    )
    amount_drinks = fields.Monetary(
        string="Drinks", compute="_compute_amounts", store=True, precompute=True
    )
    amount_total = fields.Monetary(
        string="Total", compute="_compute_amounts", store=True, precompute=True, tracking=True
    )
    origin = fields.Selection(
        [
            ("manual", "Entered by Hand"),
            ("frontdesk", "Front Desk"),
            ("reservation", "Reservation"),
        ],
        required=True,
        default="manual",
        readonly=True,
    )
    reservation_id = fields.Many2one("fuxi.reservation", readonly=True, index="btree_not_null")
    state = fields.Selection(
        [("open", "Open"), ("done", "Done")],
        default="done",
        required=True,
        tracking=True,
        help="Open while the guests are at the table (from a reservation); a done record is "
        "changed only by a tracking manager.",
    )
    note = fields.Text()

    _sql_constraints = [
        ("guest_count_positive", "CHECK(guest_count > 0)", "A visit has at least one guest."),
    ]

    @api.depends("partner_id", "partner_id.customer_class_id")
    def _compute_is_walk_in(self):
        # by its cached id (env.ref checks that the record exists, a query per visit) and
        # the guests' class only (reading it loads the guest's hundred-odd columns
        # otherwise): every checkout creates a visit
        walk_in = self.env["fuxi.customer.class"].browse(
            self.env["ir.model.data"]._xmlid_to_res_id(
                "fuxi_customer.customer_class_walk_in", raise_if_not_found=False
            )
        )
        self.partner_id.fetch(["customer_class_id"])
        for record in self:
            record.customer_class_id = record.partner_id.customer_class_id or walk_in
            record.is_walk_in = not record.partner_id or record.customer_class_id == walk_in

    @api.depends("line_ids.subtotal", "line_ids.kind")
    def _compute_amounts(self):
        for record in self:
            drinks = sum(line.subtotal for line in record.line_ids if line.kind == "drink")
            total = sum(record.line_ids.mapped("subtotal"))
            record.amount_drinks = drinks
            record.amount_dishes = total - drinks
            record.amount_total = total

    @api.model_create_multi
    def create(self, vals_list):
        # lines given with the record are part of its creation, not a correction; their
        # buckets are refreshed once, for the whole records
        records = (
            super(
                FuxiConsumption,
                self.with_context(fuxi_consumption_create=True, fuxi_bucket_defer=True),
            )
            .create(vals_list)
            .with_context(fuxi_consumption_create=False, fuxi_bucket_defer=False)
        )
        records._fuxi_refresh_buckets()
        return records

    def write(self, vals):
        self._check_correction_right()
        if not BUCKET_FIELDS.intersection(vals) or self.env.context.get("fuxi_bucket_defer"):
            return super().write(vals)
        Keeper = self.env["fuxi.bucket.keeper"]
        # lines linked from another visit change that visit's buckets too
        moved = [
            line_id
            for command in vals.get("line_ids") or ()
            if isinstance(command, list | tuple) and command[0] in (4, 6)
            for line_id in ([command[1]] if command[0] == 4 else command[2])
        ]
        visits = self.ids + self.env["fuxi.consumption.line"].browse(moved).consumption_id.ids
        before = Keeper._fuxi_snapshot(visits)
        result = super(FuxiConsumption, self.with_context(fuxi_bucket_defer=True)).write(vals)
        Keeper._fuxi_apply(before, Keeper._fuxi_snapshot(before["visits"]))
        return result

    def unlink(self):
        self.check_access("unlink")
        self._check_correction_right()
        Keeper = self.env["fuxi.bucket.keeper"]
        before = Keeper._fuxi_snapshot(self.ids)
        result = super(FuxiConsumption, self.with_context(fuxi_bucket_defer=True)).unlink()
        Keeper._fuxi_apply(before, None)
        return result

    def _fuxi_refresh_buckets(self):
        """Add these new visits (as they are now) to the buckets."""
        if self.env.context.get("fuxi_bucket_defer"):
            return
        Keeper = self.env["fuxi.bucket.keeper"]
        Keeper._fuxi_apply(None, Keeper._fuxi_snapshot(self.ids))

    def _check_correction_right(self):
        """A done record is changed only by tracking managers (the correction right)."""
        if self.env.su or self.env.user.has_group(MANAGER_GROUP):
            return
        if self.env.context.get("fuxi_consumption_create"):
            return
        done = self.filtered(lambda r: r.state == "done")
        if done:
            raise AccessError(
                self.env._(
                    "Only a tracking manager may correct a closed consumption record (%(names)s).",
                    names=", ".join(done.mapped("name")),
                )
            )

    @api.constrains("line_ids")
    def _check_lines(self):
        for record in self:
            if any(line.quantity <= 0 for line in record.line_ids):
                raise ValidationError(self.env._("Quantities must be positive."))

    # ------------------------------------------------------------------ hand-written SQL
    @api.model
    def _fuxi_reads_all(self):
        """Whether the user may read every consumption record: no record rule restricts
        them beyond the company rule, and every company is among their allowed ones."""
        if self.env.su:
            return True
        domain = self.env["ir.rule"]._compute_domain(self._name, "read")
        if not domain:
            return True
        if len(domain) != 1 or list(domain[0][:2]) != ["company_id", "in"]:
            return False
        Company = self.env["res.company"].sudo().with_context(active_test=False)
        return not Company.search_count([("id", "not in", list(domain[0][2]))], limit=1)

    @api.model
    def _fuxi_bucket_companies(self):
        """The companies whose consumption buckets the user may read whole, or None when a
        record rule other than the company rule restricts them (the buckets cannot apply it:
        such a user's figures come from the visits and lines)."""
        self.check_access("read")
        if self.env.su:
            return self.env["fuxi.bucket.keeper"]._fuxi_company_ids()
        domain = self.env["ir.rule"]._compute_domain(self._name, "read")
        if not domain:
            return self.env["fuxi.bucket.keeper"]._fuxi_company_ids()
        if len(domain) != 1 or list(domain[0][:2]) != ["company_id", "in"]:
            return None
        return [company for company in domain[0][2] if company]

    @api.model
    def _fuxi_readable_condition(self, id_sql):
        """An SQL condition for hand-written queries over visits and their lines: the visit
        ``id_sql`` is one the user may read (record rules, allowed companies). Plain TRUE for
        users who may read them all, so that their queries keep their index-only plans."""
        self.check_access("read")
        if self._fuxi_reads_all():
            return SQL("TRUE")
        return SQL("%s IN %s", id_sql, self._search([]).subselect())

    def action_done(self):
        for record in self:
            if record.state != "open":
                raise UserError(self.env._("%(name)s is already done.", name=record.name))
            if not record.line_ids:
                raise UserError(
                    self.env._("Add what the guests had before closing %(name)s.", name=record.name)
                )
        self.write({"state": "done"})

    def action_view_partner_history(self):
        self.ensure_one()
        return self.partner_id.action_view_consumptions()
