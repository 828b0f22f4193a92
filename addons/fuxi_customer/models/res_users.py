from odoo import Command, api, fields, models

STAFF_EMPLOYEE_FIELDS = ("department_id", "job_title", "job_id")
# the staff screen's context: the user form starts from "internal user" and nothing more
STAFF_REGISTRATION_CONTEXT = "fuxi_staff_registration"
SPECIAL_RIGHTS_CATEGORY = "fuxi_customer.module_category_fuxi_special"


class ResUsers(models.Model):
    _inherit = "res.users"

    fuxi_rights = fields.Char(
        string="Fuxi Rights",
        compute="_compute_fuxi_rights",
        help="The highest Fuxi right the user has in each area, and the special rights.",
    )
    # every special right any Fuxi addon declares, shown as check boxes on the user form
    # (Odoo's generated section for independent groups is visible in developer mode only)
    fuxi_special_group_ids = fields.Many2many(
        "res.groups",
        string="Special Rights",
        compute="_compute_fuxi_special_group_ids",
        inverse="_inverse_fuxi_special_group_ids",
        domain=lambda self: self._fuxi_special_groups_domain(),
        help="Rights given one by one, on top of an area's ladder.",
    )

    def _default_groups(self):
        """Staff registered on the staff screen get exactly the rights chosen there.

        Odoo starts a new user from the Default User Template, which with hr installed
        makes every waiter an HR administrator who may create contacts and products,
        export and see technical features.
        """
        if self.env.context.get(STAFF_REGISTRATION_CONTEXT):
            return self.env.ref("base.group_user")
        return super()._default_groups()

    @api.model
    def _fuxi_special_groups_domain(self):
        category = self.env.ref(SPECIAL_RIGHTS_CATEGORY, raise_if_not_found=False)
        return [("category_id", "=", category.id if category else False)]

    @api.depends("groups_id")
    def _compute_fuxi_special_group_ids(self):
        specials = self.env["res.groups"].search(self._fuxi_special_groups_domain())
        for user in self:
            user.fuxi_special_group_ids = user.groups_id & specials

    def _inverse_fuxi_special_group_ids(self):
        specials = self.env["res.groups"].search(self._fuxi_special_groups_domain())
        for user in self:
            chosen = user.fuxi_special_group_ids & specials
            commands = [Command.link(g.id) for g in chosen]
            commands += [Command.unlink(g.id) for g in specials - chosen if g in user.groups_id]
            if commands:
                user.groups_id = commands

    @api.depends("groups_id")
    def _compute_fuxi_rights(self):
        root = self.env.ref("fuxi_customer.module_category_fuxi", raise_if_not_found=False)
        for user in self:
            groups = user.groups_id.filtered(lambda g, r=root: r and g.category_id.parent_id == r)
            # in a ladder the highest group implies the others: keep only what nothing implies
            implied = groups.implied_ids
            top = (groups - implied).sorted(lambda g: (g.category_id.sequence, g.id))
            user.fuxi_rights = ", ".join(f"{g.category_id.name}: {g.name}" for g in top)

    @api.model_create_multi
    def create(self, vals_list):
        """Staff registration: every new staff user gets an employee, with the department
        and job title typed on the user form.

        hr creates the employee only after the user exists, so the related employee fields
        given at creation would be dropped; they are written again once the employee is there.
        """
        if self.env.context.get("default_create_employee"):
            # hr reads create_employee from the values, where context defaults are not yet
            for vals in vals_list:
                if not vals.get("share") and not vals.get("create_employee_id"):
                    vals.setdefault("create_employee", True)
        employee_vals = [
            {f: vals[f] for f in STAFF_EMPLOYEE_FIELDS if vals.get(f)} for vals in vals_list
        ]
        users = super().create(vals_list)
        for user, emp_vals in zip(users, employee_vals, strict=True):
            if emp_vals and user.employee_id:
                user.employee_id.write(
                    {f: v for f, v in emp_vals.items() if f in user.employee_id._fields}
                )
        users._fuxi_staff_inbox()
        return users

    def write(self, vals):
        res = super().write(vals)
        if {"email", "groups_id", "share", "partner_id"} & set(vals):
            self._fuxi_staff_inbox()
        return res

    def _fuxi_staff_inbox(self):
        """Staff without an e-mail address read their notifications in Odoo's inbox.

        Odoo's default ("Handle by Emails") would send them mails they cannot receive: the
        assignments, transfers and urges would never reach them. A preference chosen by a
        user who has an address is left alone.
        """
        # the partner's address: right after create() the user's delegated copy can be stale
        to_inbox = self.filtered(
            lambda u: not u.share and not u.partner_id.email and u.notification_type != "inbox"
        )
        if to_inbox:
            to_inbox.notification_type = "inbox"
        return to_inbox

    @api.model
    def _fuxi_install_staff_inbox(self):
        """Run on install and every upgrade: existing staff without an address too."""
        return self.search([("share", "=", False)])._fuxi_staff_inbox()

    # ------------------------------------------------------------- notifications
    def _fuxi_bus_send(self, notification_type, build_payload):
        """Send each user a bus message built in that user's language and time zone.

        ``build_payload(env)`` gets an environment whose context carries the recipients'
        ``lang`` and ``tz`` (``with_user`` would not change them) and returns the payload,
        or a falsy value to send nothing to them. It is called once per language/time zone.
        """
        by_locale = {}
        for user in self:
            key = (user.lang or self.env.lang or "en_US", user.tz or "UTC")
            by_locale[key] = by_locale.get(key, self.browse()) | user
        for (lang, tz), users in by_locale.items():
            payload = build_payload(self.env(context=dict(self.env.context, lang=lang, tz=tz)))
            if payload:
                for user in users:
                    user._bus_send(notification_type, payload)

    def _fuxi_notify(self, build_message, title=None, notification_type="info", sticky=False):
        """A live notification (Odoo's toast) to each user, in that user's language.

        ``build_message(env)`` and ``title(env)`` return the texts, translated with
        ``env._``.
        """

        def payload(env):
            return {
                "type": notification_type,
                "title": title(env) if title else False,
                "message": build_message(env),
                "sticky": sticky,
            }

        self._fuxi_bus_send("simple_notification", payload)
