from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from .fuxi_service_channels import CHANNELS

SERVICE_MANAGER = "fuxi_service.group_fuxi_service_manager"
TRANSFER_GROUP = "fuxi_service.group_fuxi_transfer"
URGE_GROUP = "fuxi_service.group_fuxi_urge"
# "Moderate", not "Medium": one English term has one Chinese, and "Medium" is a spiciness (中辣)
SEVERITIES = [("low", "Low"), ("medium", "Moderate"), ("high", "High"), ("critical", "Critical")]
DEFAULT_DEADLINE_HOURS = {"low": 72, "medium": 24, "high": 8, "critical": 2}
OPEN_STATES = ("new", "assigned", "in_progress")
# from state → states it may go to (and the method that does it)
TRANSITIONS = {
    "new": {"assigned"},
    "assigned": {"in_progress", "resolved"},
    "in_progress": {"resolved"},
    "resolved": {"closed", "in_progress"},
    "closed": {"in_progress"},
}


DEFAULT_URGE_INTERVAL_HOURS = 24


def deadline_hours(env, severity):
    default = DEFAULT_DEADLINE_HOURS[severity]
    hours = env["ir.config_parameter"]._fuxi_get_int(
        f"fuxi_service.deadline_hours_{severity}", default
    )
    # 0 or less means "not set" on the settings screen
    return hours if hours > 0 else default


def user_locale(env, user):
    """The language and time zone that what ``user`` reads is built in."""
    return user.lang or env.lang or "en_US", user.tz or "UTC"


def by_locale(env, users):
    """``users`` grouped by their language and time zone: {(lang, tz): users}."""
    groups = {}
    for user in users:
        key = user_locale(env, user)
        groups[key] = groups.get(key, users.browse()) | user
    return groups


class FuxiComplaint(models.Model):
    """客户投诉: a guest's complaint, handed to the department/person responsible, urged
    when it waits, handled and closed with the guest's satisfaction."""

    _name = "fuxi.complaint"
    _description = "Customer Complaint"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "fuxi.qa.suggestion.mixin",
        "fuxi.sequence.mixin",
    ]
    _order = "date desc, id desc"
    _check_company_auto = True
    _fuxi_sequence_code = "fuxi.complaint"
    _fuxi_suggest_field = "description"

    name = fields.Char(string="Number", required=True, readonly=True, copy=False, default="/")
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        index=True,
        tracking=True,
        domain=[("is_fuxi_customer", "=", True)],
    )
    date = fields.Datetime(
        string="Received", required=True, default=fields.Datetime.now, index=True, tracking=True
    )
    channel = fields.Selection(CHANNELS, required=True, default="in_person")
    category_id = fields.Many2one(
        "fuxi.complaint.category", string="Category", required=True, index=True, tracking=True
    )
    object_type = fields.Selection(
        [
            ("dish", "Dish"),
            ("employee", "Staff Member"),
            ("department", "Department"),
            ("room", "Room / Table"),
            ("other", "Other"),
        ],
        string="Complaint About",
        required=True,
        default="dish",
    )
    product_id = fields.Many2one(
        "product.product",
        string="Dish",
        index="btree_not_null",
        domain=[("is_fuxi_dish", "=", True)],
    )
    employee_id = fields.Many2one("hr.employee", string="Staff Member")
    object_department_id = fields.Many2one("hr.department", string="Department Complained About")
    room_id = fields.Many2one("fuxi.room", string="Room / Table")
    object_text = fields.Char(string="Other Object")
    object_display = fields.Char(
        string="Object", compute="_compute_object_display", store=True, index=True
    )
    consumption_id = fields.Many2one(
        "fuxi.consumption",
        string="Visit",
        index="btree_not_null",
        domain="[('partner_id', '=', partner_id)]",
        help="The consumption record the complaint concerns.",
    )
    severity = fields.Selection(SEVERITIES, required=True, default="medium", tracking=True)
    description = fields.Text(required=True)
    responsible_department_id = fields.Many2one(
        "hr.department",
        string="Responsible Department",
        index=True,
        tracking=True,
        compute="_compute_responsible_department_id",
        store=True,
        readonly=False,
    )
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        index=True,
        tracking=True,
        domain=[("share", "=", False)],
    )
    deadline = fields.Datetime(
        compute="_compute_deadline",
        store=True,
        readonly=False,
        index=True,
        tracking=True,
        help="From the severity (Settings → Fuxi → Complaints), changeable by hand.",
    )
    state = fields.Selection(
        [
            # not "New": one English term has one Chinese, and "New" is also a new dish (新菜)
            ("new", "New Complaint"),
            ("assigned", "Assigned"),
            ("in_progress", "In Progress"),
            ("resolved", "Resolved"),
            ("closed", "Closed"),
        ],
        default="new",
        required=True,
        readonly=True,
        index=True,
        tracking=True,
    )
    is_overdue = fields.Boolean(
        string="Overdue", compute="_compute_is_overdue", search="_search_is_overdue"
    )
    transfer_ids = fields.One2many("fuxi.complaint.transfer", "complaint_id", string="Transfers")
    transfer_count = fields.Integer(compute="_compute_counts", store=True, string="Transfers ")
    urge_ids = fields.One2many("fuxi.complaint.urge", "complaint_id", string="Urges")
    urge_count = fields.Integer(compute="_compute_counts", store=True, string="Urges ")
    last_urge_date = fields.Datetime(compute="_compute_counts", store=True)
    handling_ids = fields.One2many(
        "fuxi.complaint.handling", "complaint_id", string="Handling Records"
    )
    compensation_type = fields.Selection(
        [
            ("none", "None"),
            ("free_dish", "Free Dish"),
            ("voucher", "Voucher"),
            ("discount", "Discount"),
            ("cash", "Refund"),
        ],
        default="none",
        required=True,
        tracking=True,
    )
    compensation_amount = fields.Monetary(tracking=True)
    compensation_note = fields.Char(help="e.g. 赠送杨枝甘露一份, 九折")
    currency_id = fields.Many2one("res.currency", related="company_id.currency_id")
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    satisfaction = fields.Selection(
        [
            ("very_satisfied", "Very Satisfied"),
            ("satisfied", "Satisfied"),
            ("neutral", "Neutral"),
            ("dissatisfied", "Dissatisfied"),
        ],
        string="Guest Satisfaction",
        tracking=True,
        help="The guest's satisfaction with how the complaint was resolved.",
    )
    resolved_date = fields.Datetime(readonly=True, copy=False)
    closed_date = fields.Datetime(readonly=True, copy=False)
    resolve_hours = fields.Float(
        string="Hours to Resolve",
        compute="_compute_resolve_hours",
        store=True,
        aggregator="avg",
    )

    # ------------------------------------------------------------- computes
    @api.depends(
        "object_type", "product_id", "employee_id", "object_department_id", "room_id", "object_text"
    )
    def _compute_object_display(self):
        for complaint in self:
            record = {
                "dish": complaint.product_id,
                "employee": complaint.employee_id,
                "department": complaint.object_department_id,
                "room": complaint.room_id,
            }.get(complaint.object_type)
            if complaint.object_type == "dish":
                complaint.object_display = record.name or False  # without the dish code
            else:
                complaint.object_display = (
                    record.display_name if record else complaint.object_text or False
                )

    @api.depends("category_id")
    def _compute_responsible_department_id(self):
        for complaint in self:
            if not complaint.responsible_department_id:
                complaint.responsible_department_id = complaint.category_id.default_department_id

    @api.depends("date", "severity")
    def _compute_deadline(self):
        for complaint in self:
            if complaint.date and complaint.severity:
                complaint.deadline = complaint.date + timedelta(
                    hours=deadline_hours(self.env, complaint.severity)
                )
            else:
                complaint.deadline = False

    @api.depends("deadline", "state")
    @api.depends_context("fuxi_now")
    def _compute_is_overdue(self):
        now = fields.Datetime.now()
        for complaint in self:
            complaint.is_overdue = bool(
                complaint.state in OPEN_STATES and complaint.deadline and complaint.deadline < now
            )

    def _search_is_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Search overdue complaints with = True or = False."))
        overdue = [("state", "in", OPEN_STATES), ("deadline", "<", fields.Datetime.now())]
        if (operator == "=") == value:
            return overdue
        return ["|", ("state", "not in", OPEN_STATES), ("deadline", ">=", fields.Datetime.now())]

    @api.depends("transfer_ids", "urge_ids", "urge_ids.date")
    def _compute_counts(self):
        for complaint in self:
            complaint.transfer_count = len(complaint.transfer_ids)
            complaint.urge_count = len(complaint.urge_ids)
            complaint.last_urge_date = max(complaint.urge_ids.mapped("date"), default=False)

    @api.depends("date", "resolved_date")
    def _compute_resolve_hours(self):
        for complaint in self:
            if complaint.date and complaint.resolved_date:
                delta = complaint.resolved_date - complaint.date
                complaint.resolve_hours = round(delta.total_seconds() / 3600, 2)
            else:
                complaint.resolve_hours = 0.0

    @api.depends("description")
    def _compute_suggested_qa_ids(self):
        return super()._compute_suggested_qa_ids()

    # ------------------------------------------------------------- CRUD
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("user_id") and vals.get("state", "new") == "new":
                vals["state"] = "assigned"
        complaints = super().create(vals_list)
        for complaint in complaints.filtered("user_id"):
            complaint._notify_assignee(complaint.user_id)
        return complaints

    def write(self, vals):
        if "state" in vals and not self.env.context.get("fuxi_complaint_transition"):
            raise UserError(
                self.env._("The status of a complaint changes only through its buttons.")
            )
        if "user_id" in vals and not self.env.context.get("fuxi_complaint_transition"):
            new_user = self.env["res.users"].browse(vals["user_id"])
            changing = self.filtered(lambda c: c.user_id and c.user_id != new_user)
            if changing and not self.env.user.has_group(TRANSFER_GROUP):
                raise AccessError(
                    self.env._("Handing a complaint to someone else needs the Transfer right.")
                )
        result = super().write(vals)
        if vals.get("user_id") and not self.env.context.get("fuxi_complaint_transition"):
            for complaint in self:
                if complaint.state == "new":
                    complaint._set_state("assigned")
                complaint._notify_assignee(complaint.user_id)
        return result

    # ------------------------------------------------------------- flow
    def _set_state(self, new_state):
        for complaint in self:
            if new_state not in TRANSITIONS.get(complaint.state, set()):
                states = dict(self._fields["state"]._description_selection(self.env))
                raise UserError(
                    self.env._(
                        "Complaint %(name)s cannot go from “%(from)s” to “%(to)s”.",
                        name=complaint.name,
                        **{"from": states[complaint.state], "to": states[new_state]},
                    )
                )
        vals = {"state": new_state}
        if new_state == "resolved":
            vals["resolved_date"] = fields.Datetime.now()
        elif new_state == "closed":
            vals["closed_date"] = fields.Datetime.now()
        elif new_state == "in_progress":
            vals["closed_date"] = False
        self.with_context(fuxi_complaint_transition=True).write(vals)

    def action_assign(self):
        for complaint in self:
            if not complaint.user_id and not complaint.responsible_department_id:
                raise UserError(
                    self.env._("Say which department or person handles %s first.", complaint.name)
                )
        self._set_state("assigned")
        return True

    def action_start(self):
        self._set_state("in_progress")
        return True

    def action_resolve(self):
        for complaint in self:
            if not complaint.handling_ids:
                raise UserError(
                    self.env._(
                        "Record what was done for %s (handling record) before resolving it.",
                        complaint.name,
                    )
                )
        self._set_state("resolved")
        return True

    def action_close(self):
        for complaint in self:
            if not complaint.satisfaction:
                raise UserError(
                    self.env._(
                        "Ask the guest how satisfied they are with the resolution of %s first.",
                        complaint.name,
                    )
                )
        self._set_state("closed")
        return True

    def action_reopen(self):
        self._set_state("in_progress")
        for complaint in self:
            complaint.message_post(body=self.env._("Complaint reopened."))
        return True

    # ------------------------------------------------------------- transfer
    def _notify_assignee(self, user):
        """An activity for the person who now handles the complaint, in their language and
        with the deadline's day in their time zone (whoever or whatever assigned it)."""
        if not user or user.share:
            return
        activity_type = self.env.ref(
            "fuxi_service.mail_activity_type_complaint", raise_if_not_found=False
        )
        lang, tz = user_locale(self.env, user)
        for complaint in self.sudo().with_context(lang=lang, tz=tz):
            complaint.activity_schedule(
                act_type_xmlid="fuxi_service.mail_activity_type_complaint"
                if activity_type
                else "mail.mail_activity_data_todo",
                date_deadline=fields.Date.to_date(
                    fields.Datetime.context_timestamp(complaint, complaint.deadline)
                )
                if complaint.deadline
                else fields.Date.context_today(complaint),
                summary=complaint.env._("Complaint %s to handle", complaint.name),
                note=complaint.description,
                user_id=user.id,
            )

    def _post_to_users(self, users, build_body):
        """Post a message to ``users`` in their language: ``build_body(complaint)`` gets the
        complaint in an environment with the recipients' ``lang`` and ``tz`` and returns the
        text. One message per language and time zone among them (usually one)."""
        self.ensure_one()
        if not users:
            self.message_post(body=build_body(self), subtype_xmlid="mail.mt_comment")
            return
        for (lang, tz), group in by_locale(self.env, users).items():
            localized = self.with_context(lang=lang, tz=tz)
            localized.message_post(
                body=build_body(localized),
                partner_ids=group.partner_id.ids,
                subtype_xmlid="mail.mt_comment",
            )

    def _deadline_text(self):
        """The deadline in the time zone of the environment's context."""
        self.ensure_one()
        if not self.deadline:
            return "-"
        local = fields.Datetime.context_timestamp(self, self.deadline)
        return local.strftime("%Y-%m-%d %H:%M")

    def _transfer_targets(self, to_department_id, to_user_id):
        """The department and person a complaint is handed to, checked: the ids come from
        the client and must name an existing department and an internal user."""
        targets = []
        for model, value in (("hr.department", to_department_id), ("res.users", to_user_id)):
            if not value:
                targets.append(self.env[model])
                continue
            if isinstance(value, bool) or not isinstance(value, int):
                raise UserError(self.env._("Choose the department or the person to transfer to."))
            record = self.env[model].sudo().browse(value).exists()
            if not record or (model == "res.users" and (record.share or not record.active)):
                raise UserError(
                    self.env._("Complaints are transferred to existing staff and departments.")
                )
            targets.append(record.with_env(self.env))
        return targets

    def action_transfer(self, to_department_id=False, to_user_id=False, reason=""):
        """移交: hand the complaint to another department and/or person, with a reason."""
        if not self.env.user.has_group(TRANSFER_GROUP):
            raise AccessError(self.env._("Transferring a complaint needs the Transfer right."))
        reason = reason.strip() if isinstance(reason, str) else ""
        if not reason:
            raise UserError(self.env._("Say why the complaint is transferred."))
        department, user = self._transfer_targets(to_department_id, to_user_id)
        if not department and not user:
            raise UserError(self.env._("Choose the department or the person to transfer to."))
        self.check_access("write")
        for complaint in self:
            if complaint.state not in OPEN_STATES:
                raise UserError(
                    self.env._("%s is resolved or closed: reopen it first.", complaint.name)
                )
            if (not department or department == complaint.responsible_department_id) and (
                not user or user == complaint.user_id
            ):
                raise UserError(
                    self.env._("%s is already with this department and person.", complaint.name)
                )
            # sudo: after the hand-over the one who transferred may no longer see the complaint
            sudo_complaint = complaint.sudo()
            self.env["fuxi.complaint.transfer"].sudo().create(
                {
                    "complaint_id": complaint.id,
                    "user_id": self.env.uid,
                    "from_department_id": complaint.responsible_department_id.id,
                    "from_user_id": complaint.user_id.id,
                    "to_department_id": (department or complaint.responsible_department_id).id,
                    "to_user_id": user.id,
                    "reason": reason,
                }
            )
            old_user = complaint.user_id
            vals = {"user_id": user.id}
            if department:
                vals["responsible_department_id"] = department.id
            sudo_complaint.with_context(fuxi_complaint_transition=True).write(vals)
            if complaint.state == "new":
                sudo_complaint._set_state("assigned")
            if old_user and old_user != user:
                sudo_complaint.activity_ids.filtered(lambda a, u=old_user: a.user_id == u).unlink()
            if user:
                sudo_complaint._notify_assignee(user)
            recipients = user or department.manager_id.user_id
            target = " / ".join(filter(None, [department.name, user.name]))
            sudo_complaint._post_to_users(
                recipients,
                lambda c, target=target: c.env._(
                    "Transferred to %(target)s by %(who)s: %(reason)s",
                    target=target,
                    who=self.env.user.name,
                    reason=reason,
                ),
            )
        return True

    # ------------------------------------------------------------- urge
    def _urge_recipients(self):
        """The person responsible and their manager (or the department's manager)."""
        self.ensure_one()
        users = self.user_id
        employee = self.user_id.employee_id
        manager = employee.parent_id.user_id or self.responsible_department_id.manager_id.user_id
        if manager and manager != self.user_id:
            users |= manager
        return users

    def action_urge(self, note=""):
        """催办: remind the person responsible and their manager; counted and logged."""
        if not self.env.user.has_group(URGE_GROUP):
            raise AccessError(self.env._("Urging a complaint needs the Urge right."))
        self.check_access("read")
        return self._urge(note=note if isinstance(note, str) else "")

    def _urge(self, note="", automatic=False):
        """Log the urge and notify; private: the overdue job calls it without a user's right."""
        for complaint in self.sudo():
            if complaint.state not in OPEN_STATES:
                raise UserError(
                    self.env._("%s is resolved or closed: nothing to urge.", complaint.name)
                )
            recipients = complaint._urge_recipients()
            self.env["fuxi.complaint.urge"].sudo().create(
                {
                    "complaint_id": complaint.id,
                    "user_id": False if automatic else self.env.uid,
                    "automatic": automatic,
                    "note": note or False,
                    "notified_user_ids": [(6, 0, recipients.ids)],
                }
            )
            who = self.env.user.name

            def text(localized, automatic=automatic, note=note, who=who):
                """The urge in the language and time zone of ``localized``'s context: the
                overdue job runs in its own (the cron user's), not the recipients'."""
                values = {"name": localized.name, "deadline": localized._deadline_text()}
                if automatic:
                    body = localized.env._(
                        "Overdue since %(deadline)s: please handle complaint %(name)s.", **values
                    )
                else:
                    body = localized.env._(
                        "%(who)s urges complaint %(name)s (deadline %(deadline)s).",
                        who=who,
                        **values,
                    )
                return f"{body} {note}" if note else body

            complaint._post_to_users(recipients, text)
            recipients._fuxi_notify(
                lambda env, c=complaint, text=text: text(c.with_env(env)),
                title=lambda env: env._("Complaint urged"),
                notification_type="warning",
                sticky=True,
            )
        return True

    @api.model
    def _cron_urge_overdue(self):
        """Urge every overdue complaint, at most once per interval (default a day)."""
        interval = self.env["ir.config_parameter"]._fuxi_get_int(
            "fuxi_service.auto_urge_interval_hours", DEFAULT_URGE_INTERVAL_HOURS
        )
        # 0 or less means "not set" on the settings screen
        interval = interval if interval > 0 else DEFAULT_URGE_INTERVAL_HOURS
        now = fields.Datetime.now()
        overdue = self.search(
            [
                ("state", "in", OPEN_STATES),
                ("deadline", "<", now),
                "|",
                ("last_urge_date", "=", False),
                ("last_urge_date", "<", now - timedelta(hours=interval)),
            ]
        )
        overdue._urge(automatic=True)
        return overdue

    # ------------------------------------------------------------- guest profile
    def _profile_values(self):
        states = dict(self._fields["state"]._description_selection(self.env))
        severities = dict(self._fields["severity"]._description_selection(self.env))
        return [
            {
                "id": complaint.id,
                "name": complaint.name,
                "date": fields.Datetime.to_string(complaint.date),
                "category": complaint.category_id.complete_name or "",
                "object": complaint.object_display or "",
                "state": complaint.state,
                "state_label": states[complaint.state],
                "severity": complaint.severity,
                "severity_label": severities[complaint.severity],
                "overdue": complaint.is_overdue,
            }
            for complaint in self
        ]
