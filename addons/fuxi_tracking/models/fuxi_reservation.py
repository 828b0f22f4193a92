from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

ACTIVE_STATES = ("booked", "confirmed", "arrived")


class FuxiReservation(models.Model):
    """预约提示: a booked table or room, with reminders for the chosen staff."""

    _name = "fuxi.reservation"
    _description = "Reservation"
    _inherit = ["fuxi.sequence.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "start desc, id desc"
    _fuxi_sequence_code = "fuxi.reservation"

    name = fields.Char(string="Number", required=True, readonly=True, copy=False, default="/")
    subject = fields.Char(required=True, tracking=True, help="主题, e.g. 生日宴, 商务宴请")
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        index=True,
        tracking=True,
        domain=[("is_fuxi_customer", "=", True)],
    )
    contact_name = fields.Char(help="Who booked, when not a registered customer.")
    contact_phone = fields.Char()
    start = fields.Datetime(required=True, tracking=True, index=True)
    duration = fields.Float(default=2.0, help="Hours the room or table is kept.")
    stop = fields.Datetime(compute="_compute_stop", store=True, index=True)
    room_id = fields.Many2one("fuxi.room", string="Room / Table", tracking=True, index=True)
    party_size = fields.Integer(default=2, tracking=True)
    reminder_user_ids = fields.Many2many(
        "res.users",
        string="Remind",
        domain=[("share", "=", False)],
        default=lambda self: self.env.user,
        help="提醒的对象: staff who get an activity and a live notification.",
    )
    remind_before = fields.Integer(
        string="Remind Before (minutes)", default=60, help="How long before the start."
    )
    reminder_at = fields.Datetime(compute="_compute_reminder_at", store=True, index=True)
    reminder_sent = fields.Boolean(copy=False, readonly=True)
    activity_type_reminder_id = fields.Many2one(
        "mail.activity.type",
        compute="_compute_activity_type_reminder_id",
        string="Reminder Activity Type",
    )
    state = fields.Selection(
        [
            ("booked", "Booked"),
            ("confirmed", "Confirmed"),
            ("arrived", "Arrived"),
            ("cancelled", "Cancelled"),
            ("no_show", "No-show"),
        ],
        default="booked",
        required=True,
        tracking=True,
        index=True,
    )
    consumption_id = fields.Many2one("fuxi.consumption", readonly=True, copy=False)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    note = fields.Text()
    color = fields.Integer(related="room_id.color")

    _sql_constraints = [
        (
            "party_size_positive",
            "CHECK(party_size > 0)",
            "A reservation is for one guest at least.",
        ),
        ("duration_positive", "CHECK(duration > 0)", "A reservation lasts some time."),
        ("remind_before_positive", "CHECK(remind_before >= 0)", "Remind before the start."),
    ]

    @api.depends("start", "duration")
    def _compute_stop(self):
        for record in self:
            record.stop = record.start and record.start + timedelta(hours=record.duration)

    @api.depends("start", "remind_before")
    def _compute_reminder_at(self):
        for record in self:
            record.reminder_at = record.start and record.start - timedelta(
                minutes=record.remind_before
            )

    @api.depends("subject", "partner_id", "contact_name", "party_size")
    def _compute_display_name(self):
        """What the calendar shows: 生日宴 · 周文华 (8)."""
        for record in self:
            guest = record.partner_id.name or record.contact_name
            parts = [part for part in (record.subject, guest) if part]
            label = " · ".join(parts) or record.name
            record.display_name = f"{label} ({record.party_size})" if record.party_size else label

    def _compute_activity_type_reminder_id(self):
        activity_type = self.env.ref("fuxi_tracking.mail_activity_type_reservation")
        self.activity_type_reminder_id = activity_type

    # ------------------------------------------------------------------ overlap
    @api.constrains("room_id", "start", "stop", "state")
    def _check_room_overlap(self):
        for record in self.filtered(lambda r: r.room_id and r.state in ACTIVE_STATES):
            clash = self.search(
                [
                    ("id", "!=", record.id),
                    ("room_id", "=", record.room_id.id),
                    ("state", "in", ACTIVE_STATES),
                    ("start", "<", record.stop),
                    ("stop", ">", record.start),
                ],
                limit=1,
            )
            if clash:
                raise ValidationError(
                    self.env._(
                        "%(room)s is already booked from %(start)s to %(stop)s by %(other)s "
                        "(%(subject)s).",
                        room=clash.room_id.display_name,
                        start=fields.Datetime.to_string(
                            fields.Datetime.context_timestamp(self, clash.start)
                        )[:16],
                        stop=fields.Datetime.to_string(
                            fields.Datetime.context_timestamp(self, clash.stop)
                        )[:16],
                        other=clash.name,
                        subject=clash.subject,
                    )
                )

    def _lock_rooms(self, room_ids):
        """Serialise bookings of the same room so two desks cannot book it at once."""
        room_ids = [rid for rid in room_ids if rid]
        if room_ids:
            self.env.cr.execute(
                "SELECT id FROM fuxi_room WHERE id = ANY(%s) FOR UPDATE", [room_ids]
            )

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        self._lock_rooms([vals.get("room_id") for vals in vals_list])
        records = super().create(vals_list)
        records._sync_reminders()
        return records

    def write(self, vals):
        self._lock_rooms([vals["room_id"]] if vals.get("room_id") else self.room_id.ids)
        if {"start", "remind_before"} & set(vals):
            vals.setdefault("reminder_sent", False)
        res = super().write(vals)
        if {"start", "remind_before", "reminder_user_ids", "state", "subject", "partner_id"} & set(
            vals
        ):
            self._sync_reminders()
        return res

    # ------------------------------------------------------------------ reminders
    def _reminder_summary(self):
        self.ensure_one()
        local_start = fields.Datetime.context_timestamp(self, self.start)
        return self.env._(
            "Reservation %(time)s · %(room)s · %(guest)s · %(subject)s",
            time=local_start.strftime("%m-%d %H:%M"),
            room=self.room_id.display_name or "-",
            guest=self.partner_id.display_name or self.contact_name or "-",
            subject=self.subject,
        )

    def _sync_reminders(self):
        """One activity per reminded user, due on the reminder day; moved when the time
        changes, removed when the reservation is no longer expected. Each activity is
        written in its user's language and time zone (the day and the time are theirs)."""
        activity_type = self.env.ref("fuxi_tracking.mail_activity_type_reservation")
        for record in self:
            activities = record.activity_ids.filtered(
                lambda a, t=activity_type: a.activity_type_id == t
            )
            if record.state not in ("booked", "confirmed"):
                activities.unlink()
                continue
            keep = self.env["mail.activity"]
            for user in record.reminder_user_ids:
                in_locale = record._in_locale_of(user)
                deadline = fields.Datetime.context_timestamp(in_locale, record.reminder_at).date()
                activity = activities.filtered(lambda a, u=user: a.user_id == u)[:1]
                values = {"date_deadline": deadline, "summary": in_locale._reminder_summary()}
                if activity:
                    activity.write(values)
                else:
                    activity = record.activity_schedule(
                        "fuxi_tracking.mail_activity_type_reservation", user_id=user.id, **values
                    )
                keep |= activity
            (activities - keep).unlink()

    def _in_locale_of(self, user):
        """self as seen by ``user``: texts in their language, times in their time zone
        (``with_user`` changes neither)."""
        return self.with_context(lang=user.lang or self.env.lang, tz=user.tz or "UTC")

    @api.model
    def _cron_send_reminders(self):
        """Every minute: a live notification to each reminded user whose time has come,
        in that user's language and time zone, whatever the cron user's are."""
        due = self.search(
            [
                ("reminder_sent", "=", False),
                ("state", "in", ("booked", "confirmed")),
                ("reminder_at", "<=", fields.Datetime.now()),
                ("stop", ">", fields.Datetime.now()),
            ]
        )
        for record in due:
            record.reminder_user_ids._fuxi_notify(
                lambda env, record=record: record.with_env(env)._reminder_summary(),
                title=lambda env: env._("Reservation reminder"),
                notification_type="warning",
                sticky=True,
            )
        due.write({"reminder_sent": True})
        return due

    # ------------------------------------------------------------------ actions
    def action_confirm(self):
        self._check_state(("booked",))
        self.state = "confirmed"

    def action_cancel(self):
        self._check_state(("booked", "confirmed"))
        self.state = "cancelled"

    def action_no_show(self):
        self._check_state(("booked", "confirmed"))
        self.state = "no_show"

    def action_reset(self):
        self._check_state(("cancelled", "no_show"))
        self.state = "booked"

    def action_arrive(self):
        """The guests are here: the visit is opened as a consumption record."""
        self.ensure_one()
        self._check_state(("booked", "confirmed"))
        consumption = self.env["fuxi.consumption"].create(
            {
                "partner_id": self.partner_id.id,
                "room_id": self.room_id.id,
                "guest_count": self.party_size,
                "date": fields.Datetime.now(),
                "origin": "reservation",
                "state": "open",
                "reservation_id": self.id,
                "note": self.subject,
                "company_id": self.company_id.id,
            }
        )
        self.write({"state": "arrived", "consumption_id": consumption.id})
        return {
            "type": "ir.actions.act_window",
            "res_model": "fuxi.consumption",
            "res_id": consumption.id,
            "view_mode": "form",
            "target": "current",
        }

    def _check_state(self, allowed):
        labels = dict(self._fields["state"]._description_selection(self.env))
        for record in self:
            if record.state not in allowed:
                raise UserError(
                    self.env._(
                        "Reservation %(name)s is %(state)s: this step is not possible.",
                        name=record.name,
                        state=labels[record.state],
                    )
                )
