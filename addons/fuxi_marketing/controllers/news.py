from werkzeug.exceptions import NotFound

from odoo import http
from odoo.http import request


class FuxiNewsController(http.Controller):
    """The restaurant's public news page (no `website`: see the README)."""

    def _fuxi_company(self, company=None):
        """The company whose news is shown: ?company=<id> when the server serves several,
        else the company of the public user (the database's main one)."""
        Company = request.env["res.company"].sudo()
        if company:
            try:
                found = Company.browse(int(company)).exists()
            except (TypeError, ValueError):
                found = Company
            if not found:
                raise NotFound()
            return found
        return request.env.user.company_id.sudo()

    def _fuxi_news(self, company, news_id=None):
        domain = [("state", "=", "published"), ("company_id", "=", company.id)]
        if news_id is not None:
            domain.append(("id", "=", news_id))
        return (
            request.env["fuxi.marketing.news"]
            .sudo()
            .search(domain, limit=None if news_id is None else 1)
        )

    # website=True is http_routing's "frontend page" flag (the frontend layout gets its
    # languages and the visitor's language), not the website addon
    @http.route(
        "/fuxi/news", type="http", auth="public", methods=["GET"], website=True, sitemap=False
    )
    def news_list(self, company=None, **kwargs):
        company = self._fuxi_company(company)
        return request.render(
            "fuxi_marketing.news_page_list",
            {"news_items": self._fuxi_news(company), "news_company": company},
        )

    @http.route(
        "/fuxi/news/<int:news_id>",
        type="http",
        auth="public",
        methods=["GET"],
        website=True,
        sitemap=False,
    )
    def news_detail(self, news_id, company=None, **kwargs):
        company = self._fuxi_company(company)
        news = self._fuxi_news(company, news_id)
        if not news:
            # a draft, another company's news or none at all: the same answer for all
            raise NotFound()
        return request.render(
            "fuxi_marketing.news_page_detail", {"news": news, "news_company": company}
        )

    @http.route(
        "/fuxi/news/<int:news_id>/image", type="http", auth="public", methods=["GET"], sitemap=False
    )
    def news_image(self, news_id, **kwargs):
        news = request.env["fuxi.marketing.news"].sudo().browse(news_id).exists()
        if not news or news.state != "published" or not news.image:
            raise NotFound()
        stream = request.env["ir.binary"]._get_image_stream_from(news, "image_512")
        return stream.get_response()
