from odoo import api, fields, models
from odoo.exceptions import UserError


class FuxiMarketingNews(models.Model):
    """新闻: what the restaurant wants staff and guests to know, published once and pushed
    once to a chosen audience."""

    _name = "fuxi.marketing.news"
    _description = "Restaurant News"
    _inherit = ["mail.thread"]
    _order = "publish_date desc, id desc"

    name = fields.Char(string="Title", required=True, tracking=True)
    summary = fields.Text(
        help="One or two sentences: shown in lists and sent as the SMS text (the title when empty)."
    )
    body = fields.Html(sanitize=True)
    image = fields.Image(max_width=1920, max_height=1920)
    image_512 = fields.Image(
        "Image 512", related="image", max_width=512, max_height=512, store=True
    )
    publish_date = fields.Datetime(
        default=fields.Datetime.now,
        required=True,
        tracking=True,
        help="When the news appears and is pushed; a later date publishes it then.",
    )
    state = fields.Selection(
        [("draft", "Draft"), ("scheduled", "Scheduled"), ("published", "Published")],
        default="draft",
        required=True,
        tracking=True,
        index=True,
        copy=False,
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    audience_id = fields.Many2one(
        "fuxi.marketing.audience",
        string="Push to",
        domain="[('company_id', 'in', (company_id, False))]",
        help="The guests who receive the news by SMS and/or e-mail when it is published. "
        "Empty: the news is only shown, not pushed.",
    )
    push_sms = fields.Boolean(string="By SMS")
    push_mail = fields.Boolean(string="By E-mail")
    pushed = fields.Boolean(readonly=True, copy=False)
    url = fields.Char(string="Public Page", compute="_compute_url")
    send_count = fields.Integer(
        string="Pushed Messages",
        compute="_compute_send_count",
        groups="fuxi_marketing.group_fuxi_marketing_user",
    )

    @api.depends("state")
    def _compute_url(self):
        for news in self:
            news.url = f"/fuxi/news/{news.id}" if news.id and news.state == "published" else False

    def _compute_send_count(self):
        Send = self.env["fuxi.marketing.send"].sudo()
        for news in self:
            news.send_count = Send.search_count([("occasion", "=", news._fuxi_occasion())])

    @api.constrains("push_sms", "push_mail", "audience_id")
    def _check_push(self):
        for news in self:
            if (news.push_sms or news.push_mail) and not news.audience_id:
                raise UserError(
                    self.env._(
                        "News “%(title)s”: choose the audience to push it to.", title=news.name
                    )
                )

    def _fuxi_occasion(self):
        self.ensure_one()
        return f"news:{self.id}"

    # ------------------------------------------------------------------ actions
    def action_publish(self):
        """Publish now, or on the publish date when it is later (the cron does it then)."""
        now = fields.Datetime.now()
        for news in self:
            if news.state == "published":
                raise UserError(
                    self.env._("News “%(title)s” is already published.", title=news.name)
                )
            if news.publish_date > now:
                news.state = "scheduled"
            else:
                news._fuxi_publish()
        return True

    def action_draft(self):
        """Withdraw from the public page and the stations (what was pushed stays sent)."""
        self.write({"state": "draft"})
        return True

    def action_view_sends(self):
        self.ensure_one()
        return {
            "name": self.env._("Messages of %(title)s", title=self.name),
            "type": "ir.actions.act_window",
            "res_model": "fuxi.marketing.send",
            "view_mode": "list,form",
            "domain": [("occasion", "=", self._fuxi_occasion())],
        }

    # ------------------------------------------------------------------ business
    def _fuxi_publish(self):
        self.write({"state": "published"})
        for news in self:
            news._fuxi_push()

    def _fuxi_push(self):
        """Send the news to its audience once: the (partner, channel, occasion) claim in
        fuxi.marketing.send makes a second run (a re-publication, a re-run cron) send
        nothing more."""
        self.ensure_one()
        if not self.audience_id or not (self.push_sms or self.push_mail):
            return
        partners = self.env["res.partner"].search(self.audience_id._fuxi_partner_domain())
        if not partners:
            self.message_post(body=self.env._("The audience is empty: nothing was pushed."))
            self.pushed = True
            return
        Message = self.env["fuxi.marketing.message"]
        occasion = self._fuxi_occasion()
        counts = {}
        if self.push_sms:
            counts["sms"] = Message._fuxi_deliver(
                partners,
                "sms",
                "marketing",
                occasion,
                self._fuxi_sms_body,
                self.company_id,
                record_refusals=True,
            )
        if self.push_mail:
            counts["mail"] = Message._fuxi_deliver(
                partners,
                "mail",
                "marketing",
                occasion,
                self._fuxi_mail_values,
                self.company_id,
                record_refusals=True,
            )
        self.pushed = True
        self.message_post(
            body=self.env._(
                "Pushed to %(total)s guests: %(sms)s SMS, %(mail)s e-mails (the others lack "
                "consent or a contact, opted out, or reached the monthly limit).",
                total=len(partners),
                sms=counts.get("sms", 0),
                mail=counts.get("mail", 0),
            )
        )

    def _fuxi_public_url(self):
        return f"{self.get_base_url()}/fuxi/news/{self.id}?company={self.company_id.id}"

    def _fuxi_sms_body(self, partner):
        """The SMS text of this news for ``partner`` (its environment is in their language)."""
        news = self.with_env(partner.env)
        text = (news.summary or news.name or "").strip()
        return news.env._(
            "%(title)s: %(text)s Details: %(url)s",
            title=news.name,
            text=text if text != news.name else "",
            url=news._fuxi_public_url(),
        ).replace("  ", " ")

    def _fuxi_mail_values(self, partner):
        news = self.with_env(partner.env)
        return {
            "subject": news.name,
            "body_html": news.env["ir.qweb"]._render(
                "fuxi_marketing.news_mail_body",
                {"news": news, "partner": partner, "url": news._fuxi_public_url()},
            ),
        }

    @api.model
    def _cron_publish_scheduled(self):
        due = self.search(
            [("state", "=", "scheduled"), ("publish_date", "<=", fields.Datetime.now())]
        )
        due._fuxi_publish()
        return due

    # ------------------------------------------------------------------ stations
    @api.model
    def _fuxi_latest_for_staff(self, limit=3):
        """The newest published titles of the user's company, as plain values."""
        # the shown fields only (not the articles' bodies), in the search's query
        news = self.search_fetch(
            [("state", "=", "published"), ("company_id", "=", self.env.company.id)],
            ["name", "publish_date"],
            limit=limit,
        )
        return [
            {
                "id": item.id,
                "title": item.name,
                "date": fields.Date.to_string(
                    fields.Datetime.context_timestamp(item, item.publish_date).date()
                ),
            }
            for item in news
        ]
