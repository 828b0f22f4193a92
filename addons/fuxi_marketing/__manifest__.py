{
    "name": "Fuxi: Guest Marketing",
    "summary": "Campaigns by SMS and e-mail with a hold-out and measured uplift, news, greetings, "
    "letters; consent, opt-out, quiet hours and a monthly cap for messages to guests; "
    "audiences built from what Fuxi knows about them, with a live count",
    "version": "18.0.1.1.0",
    "category": "Marketing",
    "author": "Fuxi",
    "website": "https://github.com/fuxi-crm/fuxi",
    "license": "LGPL-3",
    # mass_mailing / mass_mailing_sms carry the e-mail and SMS campaigns, their unsubscribe
    # pages and Odoo's blacklists; fuxi_sms_cn the Chinese gateways; fuxi_tracking the visits,
    # spend and customer value the audiences are built from.
    "depends": ["fuxi_tracking", "fuxi_sms_cn", "mass_mailing", "mass_mailing_sms"],
    "data": [
        "security/fuxi_marketing_groups.xml",
        "security/ir.model.access.csv",
        "security/fuxi_marketing_security.xml",
        "views/fuxi_marketing_send_views.xml",
        "views/fuxi_marketing_audience_views.xml",
        "views/res_partner_views.xml",
        "views/res_config_settings_views.xml",
        "views/fuxi_marketing_menus.xml",
        "security/fuxi_marketing_news_security.xml",
        "security/fuxi_marketing_assignment_security.xml",
        "data/fuxi_marketing_news_data.xml",
        "data/mailing_mailing_data.xml",
        "report/fuxi_marketing_letter_reports.xml",
        "report/fuxi_marketing_letter_templates.xml",
        "views/fuxi_marketing_news_views.xml",
        "views/fuxi_marketing_news_templates.xml",
        "views/mailing_mailing_views.xml",
        "wizard/fuxi_marketing_letter_wizard_views.xml",
        "views/fuxi_marketing_news_menus.xml",
    ],
    "demo": [
        "demo/fuxi_marketing_occasion_demo.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "fuxi_marketing/static/src/guest_profile/*",
        ],
        "web.assets_unit_tests": [
            "fuxi_marketing/static/tests/**/*.test.js",
        ],
        "web.assets_tests": [
            "fuxi_marketing/static/tests/tours/*.js",
        ],
    },
    "installable": True,
}
