import re
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.osv import expression
from odoo.tools import SQL, create_index
from odoo.tools.sql import escape_psql

from odoo.addons.phone_validation.models.mail_thread_phone import PHONE_REGEX_PATTERN

from .fuxi_partner_date import month_days_within, next_anniversary

CUSTOMER_CODE_SEQUENCE = "fuxi.customer.code"
# what people type between the digits of a phone number (phone_validation's own pattern)
PHONE_SEPARATORS = PHONE_REGEX_PATTERN
GUEST_SEARCH_WINDOW = 500
# what a station's search shows of each guest (_fuxi_guest_search_result)
GUEST_SEARCH_FIELDS = ["name", "ref", "mobile", "phone", "customer_class_id"]


class ResPartner(models.Model):
    _name = "res.partner"
    _inherit = ["res.partner", "fuxi.code.mixin"]
    _fuxi_code_field = "ref"
    _fuxi_code_flag = "is_fuxi_customer"
    _fuxi_code_sequence = CUSTOMER_CODE_SEQUENCE

    is_fuxi_customer = fields.Boolean(
        string="Restaurant Customer",
        index=True,
        copy=True,
        help="A guest of the restaurant: gets a customer code and appears in the Fuxi CRM.",
    )
    # the customer code is Odoo's partner Reference ("ref"): it is already searchable in
    # every many2one and exported/imported as "ref"; Fuxi fills it from a sequence. Named
    # as every Fuxi screen names it, so that an import column reads the same.
    ref = fields.Char(string="Customer Code", copy=False)
    customer_class_id = fields.Many2one(
        "fuxi.customer.class",
        string="Customer Class",
        compute="_compute_customer_class_id",
        store=True,
        readonly=False,
        precompute=True,
        index=True,
        tracking=True,
        ondelete="restrict",
    )
    customer_class_color = fields.Integer(related="customer_class_id.color")
    # the one definition of "this guest is a VIP" (front desk, kitchen, profile, cards)
    is_fuxi_vip = fields.Boolean(string="VIP", related="customer_class_id.is_vip")
    region_id = fields.Many2one("fuxi.region", string="Region", index=True, ondelete="restrict")
    important_date_ids = fields.One2many(
        "fuxi.partner.date", "partner_id", string="Important Dates"
    )
    taste_preference_ids = fields.Many2many(
        "fuxi.taste",
        "res_partner_fuxi_taste_preference_rel",
        "partner_id",
        "taste_id",
        string="Taste Preferences",
        domain=[("kind", "=", "preference")],
    )
    taboo_ids = fields.Many2many(
        "fuxi.taste",
        "res_partner_fuxi_taste_taboo_rel",
        "partner_id",
        "taste_id",
        string="Taboos",
        domain=[("kind", "=", "taboo")],
    )
    taste_note = fields.Text(
        string="Taste Notes", help="Anything else the kitchen and the waiters should know."
    )
    referred_by_id = fields.Many2one(
        "res.partner",
        string="Referred By",
        index="btree_not_null",
        help="The guest who brought this customer to the restaurant.",
    )
    referral_ids = fields.One2many("res.partner", "referred_by_id", string="Referred Customers")
    referral_count = fields.Integer(compute="_compute_referral_count", string="Referrals")
    next_occasion_date = fields.Date(
        compute="_compute_next_occasion",
        string="Next Occasion",
        help="The next birthday or important date of this customer.",
    )
    next_occasion_name = fields.Char(compute="_compute_next_occasion", string="Occasion")
    occasion_within_days = fields.Integer(
        compute="_compute_next_occasion",
        search="_search_occasion_within_days",
        string="Days to Next Occasion",
        help="Search with '<=' N to find customers whose birthday or important date is in "
        "the next N days.",
    )

    @api.constrains("ref", "is_fuxi_customer")
    def _check_customer_code_unique(self):
        self._fuxi_check_code_unique()

    @api.constrains("referred_by_id")
    def _check_referred_by_id(self):
        for partner in self:
            if partner.referred_by_id and partner.referred_by_id == partner:
                raise ValidationError(self.env._("A customer cannot refer themselves."))

    @api.depends("is_fuxi_customer")
    def _compute_customer_class_id(self):
        """A new customer gets the default class (Regular), on the form already."""
        default_class = None
        for partner in self:
            if partner.is_fuxi_customer and not partner.customer_class_id:
                if default_class is None:
                    default_class = self.env["fuxi.customer.class"]._get_default_class()
                partner.customer_class_id = default_class

    def _compute_referral_count(self):
        counts = dict(
            self._read_group([("referred_by_id", "in", self.ids)], ["referred_by_id"], ["__count"])
        )
        for partner in self:
            partner.referral_count = counts.get(partner, 0)

    @api.depends("birthdate_date", "important_date_ids.date", "important_date_ids.kind")
    @api.depends_context("tz")
    def _compute_next_occasion(self):
        today = fields.Date.context_today(self)
        kind_labels = dict(
            self.env["fuxi.partner.date"]._fields["kind"]._description_selection(self.env)
        )
        for partner in self:
            candidates = []
            if partner.birthdate_date:
                candidates.append(
                    (next_anniversary(partner.birthdate_date, today), self.env._("Birthday"))
                )
            for important in partner.important_date_ids:
                candidates.append(
                    (
                        next_anniversary(important.date, today),
                        important.name or kind_labels.get(important.kind),
                    )
                )
            if candidates:
                next_date, name = min(candidates, key=lambda c: c[0])
                partner.next_occasion_date = next_date
                partner.next_occasion_name = name
                partner.occasion_within_days = (next_date - today).days
            else:
                partner.next_occasion_date = False
                partner.next_occasion_name = False
                partner.occasion_within_days = False

    def _search_occasion_within_days(self, operator, value):
        if operator not in ("<=", "<", "=") or not isinstance(value, int):
            raise UserError(self.env._("Search the days to the next occasion with <=, < or =."))
        today = fields.Date.context_today(self)
        if operator == "=":
            keys = month_days_within(today + timedelta(days=value), 0) if value >= 0 else []
        else:
            days = value - 1 if operator == "<" else value
            keys = month_days_within(today, days) if days >= 0 else []
        if not keys:
            return [("id", "=", 0)]
        self.env["res.partner"].flush_model(["birthdate_date"])
        self.env["fuxi.partner.date"].flush_model(["date", "partner_id"])
        query = SQL(
            """(
            SELECT id FROM res_partner
             WHERE birthdate_date IS NOT NULL AND to_char(birthdate_date, 'MM-DD') = ANY(%(keys)s)
             UNION
            SELECT partner_id FROM fuxi_partner_date
             WHERE to_char(date, 'MM-DD') = ANY(%(keys)s)
            )""",
            keys=keys,
        )
        return [("id", "in", query)]

    def _fuxi_is_staff(self):
        """Whether this contact is an internal user's (a member of staff)."""
        self.ensure_one()
        return any(not user.share for user in self.sudo().with_context(active_test=False).user_ids)

    # ------------------------------------------------------------- who changes guests
    # Every employee reads the guests (the swipe desk, the waiters, the kitchen need them);
    # only staff with the Customers rights change them: users their own and unassigned
    # guests (never delete one), managers every guest. Checked here rather than by record
    # rules on res.partner: such a rule (for every employee) names is_fuxi_customer and is
    # evaluated on every partner check, also while Odoo runs the tests of a module loaded
    # before this one (`odoo --test-tags /mail:TestPartner`), where the field does not exist
    # yet and the check ended in KeyError.
    def _fuxi_check_guest_change(self, operation):
        if self.env.su or not self or not self.env.user._is_internal():
            return
        guests = self.sudo().filtered("is_fuxi_customer")
        if not guests:
            return
        user = self.env.user
        if user.has_group("fuxi_customer.group_fuxi_customer_manager"):
            return
        if operation != "unlink" and user.has_group("fuxi_customer.group_fuxi_customer_user"):
            others = guests.filtered(lambda p: p.user_id and p.user_id != user)
            if not others:
                return
            raise AccessError(
                self.env._(
                    "%(guests)s: only their account manager or a customer manager may change them.",
                    guests=", ".join(others.mapped("display_name")),
                )
            )
        raise AccessError(
            self.env._(
                "Changing guests (%(guests)s) needs the Customers rights: User for your own "
                "and unassigned guests, Manager to delete guests.",
                guests=", ".join(guests[:5].mapped("display_name")),
            )
        )

    @api.model_create_multi
    def create(self, vals_list):
        partners = super().create(vals_list)
        partners._fuxi_check_guest_change("create")
        return partners

    def write(self, vals):
        self._fuxi_check_guest_change("write")
        res = super().write(vals)
        if vals.get("is_fuxi_customer"):
            # making a contact a guest is changing a guest
            self._fuxi_check_guest_change("write")
        return res

    def unlink(self):
        self._fuxi_check_guest_change("unlink")
        return super().unlink()

    # ------------------------------------------------------------- guest search
    def init(self):
        res = super().init()
        # the guest search of every station (fuxi_search_guests), each kind of term through
        # an index instead of a scan of every partner: "contains" on the name by trigrams;
        # "starts with" on the name (one or two characters) and on the customer code by
        # btree range scans (text_pattern_ops: whatever the database collation; codes share
        # their leading characters, which makes trigrams useless for them); phones through
        # phone_validation's normalised indexes (phone_mobile_search)
        if self.env.registry.has_trigram:
            create_index(
                self.env.cr,
                indexname="res_partner_fuxi_name_trgm_idx",
                tablename=self._table,
                expressions=["name gin_trgm_ops"],
                method="gin",
                where="is_fuxi_customer",
            )
        for column in ("name", "ref"):
            create_index(
                self.env.cr,
                indexname=f"res_partner_fuxi_{column}_prefix_idx",
                tablename=self._table,
                expressions=[f"{column} text_pattern_ops"],
                where="is_fuxi_customer",
            )
        return res

    @api.model
    def _fuxi_guest_search_kind(self, term):
        """How a station's term is searched: "phone" (digits, maybe with the separators
        people type: 0571-83668136, 138 0013 8000, +86…), "prefix" (one or two characters,
        e.g. a Chinese surname) or "text"."""
        digits = re.sub(PHONE_SEPARATORS, "", term)
        if digits.lstrip("+").isdigit() and len(digits) >= 3:
            return "phone"
        if len(term) < 3:
            return "prefix"
        return "text"

    @api.model
    def _fuxi_guest_search_domain(self, term):
        """Guests matching what a station typed: phone or mobile however it was written
        (Odoo's normalised search: "057183668136" finds "0571-83668136" and the other way
        round), customer code by its start, name containing the term (by its start for one
        or two characters). The one definition used by every guest search box (front desk,
        card dialogs); override to search more fields. Each kind is served by an index."""
        kind = self._fuxi_guest_search_kind(term)
        if kind == "prefix":
            # one or two characters of a code find thousands of codes: the name only
            matches = [("name", "=like", escape_psql(term) + "%")]
        else:
            matches = (
                [("phone_mobile_search", "ilike", term)]
                if kind == "phone"
                else [("name", "ilike", term)]
            )
            # codes are written in capitals ("C000123") but typed as it comes: by their
            # start, case-insensitively, through the btree (ILIKE cannot use it)
            matches += [
                ("ref", "=like", escape_psql(variant) + "%")
                for variant in dict.fromkeys((term, term.upper(), term.lower()))
            ]
        return expression.AND(
            [[("is_fuxi_customer", "=", True)], expression.OR([[m] for m in matches])]
        )

    def _fuxi_guest_search_result(self):
        self.ensure_one()
        return {
            "id": self.id,
            "name": self.name or "",
            "code": self.ref or "",
            "phone": self.mobile or self.phone or "",
            "customer_class": self.customer_class_id.name or "",
            "is_vip": self.is_fuxi_vip,
        }

    @api.model
    def _fuxi_prefetch_rule_companies(self, fields=()):
        """Read of the user's companies only what Odoo's multi-company partner rule needs
        (their parent_path, for its parent_of) and `fields`: the rule reads it through the
        company's record, which fetches its hundred-odd columns otherwise — half the CPU
        time of a guest search."""
        if not self.env.su:
            self.env.companies.fetch(["parent_path", "active", *fields])

    @api.model
    def fuxi_search_guests(self, term, limit=8):
        """Guests for a station's search box, as plain values (at most 20)."""
        term = (term or "").strip() if isinstance(term, str) else ""
        if not term or len(term) > 64:
            return []
        try:
            limit = max(1, min(int(limit or 8), 20))
        except (TypeError, ValueError):
            limit = 8
        domain = self._fuxi_guest_search_domain(term)
        self._fuxi_prefetch_rule_companies()
        # only the shown fields: reading a guest by its field fetches every column of the
        # partner (most of a search's time)
        if self._fuxi_guest_search_kind(term) == "prefix":
            # a surname matches thousands of guests: the name index gives the first ones in
            # order and stops
            partners = self.search_fetch(domain, GUEST_SEARCH_FIELDS, limit=limit, order="name, id")
        else:
            # with LIMIT 8, PostgreSQL walks the whole complete_name index hoping to meet 8
            # matches early (1.4 s for a name 358 guests share: they sort together); a window
            # above the matches it expects makes it fetch them through the indexes and sort
            # (then read the fields of the shown guests only, not of the whole window)
            partners = self.browse(self.search(domain, limit=GUEST_SEARCH_WINDOW).ids[:limit])
            # the search applied the user's record rules to these guests: reading them again
            # with the rules would only evaluate the multi-company rule (a search of the
            # companies) a second time
            partners.sudo().fetch(GUEST_SEARCH_FIELDS)
        partners.customer_class_id.fetch(["name", "is_vip"])
        return [partner._fuxi_guest_search_result() for partner in partners]

    # ------------------------------------------------------------- search panel
    def _search_panel_domain_image(self, field_name, domain, set_count=False, limit=False):
        """The customer list's counters by class and region, unfiltered, from the counts kept
        by fuxi.guest.census (two GROUP BY over every guest otherwise, on each open)."""
        counts = self._fuxi_census_counts(field_name, domain, limit) if set_count else None
        if counts is None:
            return super()._search_panel_domain_image(field_name, domain, set_count, limit)
        return {
            record.id: {"id": record.id, "display_name": record.display_name, "__count": count}
            for record, count in counts
        }

    def _fuxi_census_counts(self, field_name, domain, limit=None):
        """[(class or region, count)] of the active guests the user may read, or None when
        the census cannot answer (another field, a filtered search, archived guests shown,
        record rules on partners that name other fields than the census keeps)."""
        if field_name not in ("customer_class_id", "region_id") or self.env.context.get(
            "fuxi_census_off"
        ):
            return None
        if not self.env.context.get("active_test", True):
            return None
        if expression.normalize_domain(domain) != [("is_fuxi_customer", "=", True)]:
            return None
        rule = [] if self.env.su else self.env["ir.rule"]._compute_domain(self._name, "read")
        rule = list(rule or [])
        leaves = [leaf for leaf in rule if isinstance(leaf, list | tuple)]
        if any(leaf[0] not in ("partner_share", "company_id") for leaf in leaves):
            return None
        # the triggers count what is written: write what is pending first
        self.flush_model(
            [
                "is_fuxi_customer",
                "active",
                "customer_class_id",
                "region_id",
                "company_id",
                "partner_share",
            ]
        )
        Census = self.env["fuxi.guest.census"].sudo()
        return Census._read_group(
            expression.AND([rule, [(field_name, "!=", False)]]),
            [field_name],
            ["count:sum"],
            having=[("count:sum", "!=", 0)],
            limit=limit or None,
        )

    # ------------------------------------------------------------- profile
    def get_fuxi_guest_profile(self):
        """The guest profile shown at a station (swipe desk, front desk) as plain values.

        Each Fuxi addon adds its part by extending :meth:`_fuxi_guest_profile`.
        """
        self.ensure_one()
        # this guest alone: a computed field read on a guest of a bigger recordset (a
        # swipe's, a list's) computes it for all of them, reading all their columns
        guest = self.with_prefetch()
        guest._fuxi_prefetch_rule_companies(guest._fuxi_guest_profile_company_fields())
        # what every block reads of the guest in one narrow query (reading a field fetches
        # every column of the partner otherwise); the query applies the user's record
        # rules: it is the read access check (AccessError for a guest they may not read)
        guest.fetch(guest._fuxi_guest_profile_fields())
        return guest._fuxi_guest_profile()

    @api.model
    def _fuxi_guest_profile_fields(self):
        """The guest's fields the profile reads: extend with those your block reads."""
        return [
            "name",
            "ref",
            "phone",
            "mobile",
            "email",
            "parent_id",
            "company_name",
            "region_id",
            "customer_class_id",
            "birthdate_date",
            "important_date_ids",
            "taste_preference_ids",
            "taboo_ids",
            "taste_note",
        ]

    @api.model
    def _fuxi_guest_profile_company_fields(self):
        """The fields of the user's company the profile reads (the currency, the member
        programs...): extend with those your block reads."""
        return []

    def _fuxi_guest_profile(self):
        self.ensure_one()
        today = fields.Date.context_today(self)
        birthday_in = False
        if self.birthdate_date:
            birthday_in = (next_anniversary(self.birthdate_date, today) - today).days
        customer_class = self.customer_class_id
        return {
            "id": self.id,
            "name": self.name or "",
            "code": self.ref or "",
            "phone": self.phone or "",
            "mobile": self.mobile or "",
            "email": self.email or "",
            "company": self.parent_id.name or self.company_name or "",
            "region": self.region_id.complete_name or "",
            "customer_class": {
                "id": customer_class.id,
                "name": customer_class.name or "",
                "code": customer_class.code or "",
                "color": customer_class.color or 0,
            },
            "is_vip": self.is_fuxi_vip,
            "birthday": fields.Date.to_string(self.birthdate_date),
            "birthday_in_days": birthday_in,
            "next_occasion": {
                "name": self.next_occasion_name or "",
                "date": fields.Date.to_string(self.next_occasion_date),
                "in_days": self.occasion_within_days if self.next_occasion_date else False,
            },
            "tastes": self.taste_preference_ids.mapped("name"),
            "taboos": self.taboo_ids.mapped("name"),
            "taste_note": self.taste_note or "",
            "avatar_url": f"/web/image/res.partner/{self.id}/avatar_128",
        }

    # ------------------------------------------------------------------ codes
    def _fuxi_code_label(self):
        return self.env._("customer code")

    # ------------------------------------------------------------------ labels
    def _fuxi_has_address(self):
        self.ensure_one()
        return bool(self.street or self.street2 or self.city)

    def _fuxi_check_label_address(self):
        """Refuse labels for partners that cannot receive mail, naming each of them."""
        missing = self.filtered(lambda p: not p._fuxi_has_address())
        if missing:
            raise UserError(
                self.env._(
                    "These customers have no postal address, so no label can be printed for "
                    "them: %(names)s. Add their address or remove them from the list.",
                    names=", ".join(missing.mapped("display_name")),
                )
            )
        return True

    def _fuxi_label_address_lines(self):
        """Address lines for a Chinese envelope label: province, city, district, street."""
        self.ensure_one()
        state = self.state_id.name or ""
        city = self.city or ""
        # municipalities (上海市, 北京市 …) are a province and a city at once: print them once
        if state and city and city.removesuffix("市") == state.removesuffix("市"):
            city = ""
        head = "".join(
            part
            for part in (
                self.country_id.name if self.country_id and self.country_id.code != "CN" else "",
                state,
                city,
            )
            if part
        )
        return [line for line in (head, self.street, self.street2) if line]

    def action_view_referrals(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "fuxi_customer.res_partner_action_customer"
        )
        action["domain"] = [("referred_by_id", "=", self.id)]
        action["context"] = {"default_referred_by_id": self.id, "default_is_fuxi_customer": True}
        return action

    @api.model
    def _fuxi_label_wizard_action(self, partners, label_format=None):
        """The report_label wizard, filled with ``partners`` and Fuxi's address label."""
        label_format = label_format or self.env.ref("fuxi_customer.paperformat_label_a4_3x8")
        context = {
            "active_model": "res.partner",
            "active_ids": partners.ids,
            "res_model_id": self.env["ir.model"]._get_id("res.partner"),
            "label_paperformat_id": label_format.id,
            "label_template_view_id": self.env.ref("fuxi_customer.label_partner_address").id,
        }
        return {
            "name": self.env._("Print Address Labels"),
            "type": "ir.actions.act_window",
            "res_model": "report.label.wizard",
            "view_mode": "form",
            "target": "new",
            "context": context,
        }
