from odoo import api, fields, models

STAFF_EMPLOYEE_FIELDS = ("department_id", "job_title", "job_id")


class ResUsers(models.Model):
    _inherit = "res.users"

    fuxi_rights = fields.Char(
        string="Fuxi Rights",
        compute="_compute_fuxi_rights",
        help="The highest Fuxi right the user has in each area, and the special rights.",
    )

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
        return users

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
