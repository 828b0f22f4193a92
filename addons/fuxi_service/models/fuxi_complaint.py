from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from .fuxi_qa import CHANNELS

SERVICE_MANAGER = "fuxi_service.group_fuxi_service_manager"
TRANSFER_GROUP = "fuxi_service.group_fuxi_transfer"
URGE_GROUP = "fuxi_service.group_fuxi_urge"
SEVERITIES = [("low", "Low"), ("medium", "Medium"), ("high", "High"), ("critical", "Critical")]
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


def deadline_hours(env, severity):
    param = env["ir.config_parameter"].sudo().get_param(f"fuxi_service.deadline_hours_{severity}")
    try:
        hours = int(param)
    except (TypeError, ValueError):
        hours = 0
    return hours if hours > 0 else DEFAULT_DEADLINE_HOURS[severity]


class FuxiComplaint(models.Model):
    """客户投诉: a guest's complaint, handed to the department/person responsible, urged
    when it waits, handled and closed with the guest's satisfaction."""

    _name = "fuxi.complaint"
    _description = "Customer Complaint"
    _inherit = ["mail.thread", "mail.activity.mixin", "fuxi.qa.suggestion.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True
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
            ("new", "New"),
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
        self._fuxi_next_number(vals_list, "fuxi.complaint")
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

    def action_start(self):
        self._set_state("in_progress")

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

    def action_reopen(self):
        self._set_state("in_progress")
        for complaint in self:
            complaint.message_post(body=self.env._("Complaint reopened."))

    # ------------------------------------------------------------- transfer
    def _notify_assignee(self, user):
        """An activity for the person who now handles the complaint."""
        if not user or user.share:
            return
        activity_type = self.env.ref(
            "fuxi_service.mail_activity_type_complaint", raise_if_not_found=False
        )
        for complaint in self:
            complaint.sudo().activity_schedule(
                act_type_xmlid="fuxi_service.mail_activity_type_complaint"
                if activity_type
                else "mail.mail_activity_data_todo",
                date_deadline=fields.Date.to_date(
                    fields.Datetime.context_timestamp(complaint, complaint.deadline)
                )
                if complaint.deadline
                else fields.Date.context_today(complaint),
                summary=self.env._("Complaint %s to handle", complaint.name),
                note=complaint.description,
                user_id=user.id,
            )

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
            sudo_complaint.message_post(
                body=self.env._(
                    "Transferred to %(target)s by %(who)s: %(reason)s",
                    target=" / ".join(filter(None, [department.name, user.name])),
                    who=self.env.user.name,
                    reason=reason,
                ),
                partner_ids=recipients.partner_id.ids,
                subtype_xmlid="mail.mt_comment",
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
            message = (
                self.env._("Overdue since %(deadline)s: please handle complaint %(name)s.")
                if automatic
                else self.env._("%(who)s urges complaint %(name)s (deadline %(deadline)s).")
            )
            deadline = (
                fields.Datetime.to_string(
                    fields.Datetime.context_timestamp(complaint, complaint.deadline)
                )[:16]
                if complaint.deadline
                else "-"
            )
            text = message % {
                "who": self.env.user.name,
                "name": complaint.name,
                "deadline": deadline,
            }
            if note:
                text = f"{text} {note}"
            complaint.message_post(
                body=text, partner_ids=recipients.partner_id.ids, subtype_xmlid="mail.mt_comment"
            )
            for user in recipients:
                user._bus_send(
                    "simple_notification",
                    {
                        "type": "warning",
                        "sticky": True,
                        "title": self.env._("Complaint urged"),
                        "message": text,
                    },
                )
        return True

    @api.model
    def _cron_urge_overdue(self):
        """Urge every overdue complaint, at most once per interval (default a day)."""
        try:
            interval = int(
                self.env["ir.config_parameter"]
                .sudo()
                .get_param("fuxi_service.auto_urge_interval_hours", 24)
            )
        except (TypeError, ValueError):
            interval = 0
        interval = interval if interval > 0 else 24
        now = fields.Datetime.now()
        overdue = self.search(
            [
                ("state", "in", OPEN_STATES),
                ("deadline", "<", now),
                "|",
                ("last_urge_date", "=", False),
                ("last_urge_date", "<", now - timedelta(hours=max(interval, 1))),
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

    # ------------------------------------------------------------- demo
    @api.model
    def _fuxi_create_demo_complaints(self):
        """A handful of complaints in every state, with transfers, urges and handling."""

        def ref(xmlid):
            return self.env.ref(xmlid, raise_if_not_found=False)

        def dish(xmlid):
            template = ref(f"fuxi_knowledge.{xmlid}")
            return template.product_variant_id.id if template else False

        admin = self.env.ref("base.user_admin")
        Complaint = self.with_user(admin).with_context(mail_create_nosubscribe=True)
        kitchen = ref("fuxi_customer.hr_department_kitchen_demo")
        hall = ref("fuxi_customer.hr_department_front_hall_demo")
        chef = ref("fuxi_customer.user_zhao_lei_demo")
        waiter = ref("fuxi_customer.user_zhang_wei_demo")
        service_lead = ref("fuxi_customer.user_chen_jing_demo")
        if not (kitchen and hall and chef and waiter and service_lead):
            return
        now = fields.Datetime.now()

        def complaint(partner, category, days_ago, **vals):
            return Complaint.create(
                {
                    "partner_id": ref(f"fuxi_customer.{partner}").id,
                    "category_id": ref(f"fuxi_service.{category}").id,
                    "date": now - timedelta(days=days_ago),
                    **vals,
                }
            )

        sour = complaint(
            "customer_zhou_wenhua_demo",
            "complaint_category_dish_taste",
            12,
            object_type="dish",
            product_id=dish("dish_xihu_fish_demo"),
            description="西湖醋鱼偏酸，鱼肉有点老，和以前的味道不一样。",
            responsible_department_id=kitchen.id,
            user_id=chef.id,
        )
        sour.action_start()
        sour.handling_ids = [
            (
                0,
                0,
                {
                    "user_id": chef.id,
                    "action": "当场重做一份，调整糖醋比例。",
                    "result": "客人表示满意。",
                },
            )
        ]
        sour.write({"compensation_type": "free_dish", "compensation_note": "赠送杨枝甘露一份"})
        sour.action_resolve()
        sour.satisfaction = "satisfied"
        sour.action_close()

        slow = complaint(
            "customer_sun_lihong_demo",
            "complaint_category_speed",
            1,
            object_type="room",
            room_id=ref("fuxi_tracking.room_tingtao_demo").id,
            severity="high",
            description="听涛阁上菜太慢，等了四十分钟热菜才上。",
            responsible_department_id=hall.id,
            user_id=waiter.id,
        )
        slow.action_transfer(kitchen.id, chef.id, "出菜慢是厨房排单问题，转厨师长处理。")
        slow.with_user(service_lead).action_urge(note="客人是 VIP，今天再次来电。")
        slow.with_user(chef).action_start()

        complaint(
            "customer_qian_haifeng_demo",
            "complaint_category_service",
            0,
            channel="phone",
            object_type="employee",
            employee_id=ref("fuxi_customer.employee_zhang_wei_demo").id,
            severity="low",
            description="服务员点菜时不耐烦，没有介绍新菜。",
        )

        foreign = complaint(
            "customer_wu_xiaomei_demo",
            "complaint_category_dish_foreign",
            2,
            object_type="dish",
            product_id=dish("dish_kungpao_chicken_demo"),
            severity="critical",
            description="宫保鸡丁里吃出一根头发。",
            responsible_department_id=kitchen.id,
            user_id=chef.id,
        )
        foreign._cron_urge_overdue()

        price = complaint(
            "customer_zheng_guoqiang_demo",
            "complaint_category_price",
            6,
            channel="online",
            object_type="other",
            object_text="包间最低消费",
            description="网上说包间低消 800，到店说晚市 1200，没有提前告知。",
            responsible_department_id=hall.id,
            user_id=service_lead.id,
        )
        price.handling_ids = [
            (
                0,
                0,
                {
                    "user_id": service_lead.id,
                    "action": "电话致歉，说明午市与晚市低消不同，已更新公众号说明。",
                    "result": "客人接受。",
                },
            )
        ]
        price.write(
            {
                "compensation_type": "voucher",
                "compensation_amount": 50,
                "compensation_note": "50 元代金券",
            }
        )
        price.action_resolve()

        complaint(
            "customer_feng_ying_demo",
            "complaint_category_hygiene",
            0,
            object_type="department",
            object_department_id=hall.id,
            description="大厅洗手间纸巾用完没人补。",
            responsible_department_id=hall.id,
        ).action_assign()
