from odoo.tests import TransactionCase
from odoo.tools.translate import code_translations


class TestScreenTerms(TransactionCase):
    """Odoo 18's JS translations are one dictionary keyed by the English term: a term of the
    screens that another installed module translates differently may show that module's
    Chinese (core's "New" 新建 for our new dish, "Dismiss" 拒绝受理). The screens use
    their own source terms."""

    def test_no_installed_module_translates_our_screen_terms_differently(self):
        def web_terms(module):
            messages = code_translations.get_web_translations(module, "zh_CN")["messages"]
            return {message["id"]: message["string"] for message in messages}

        ours = web_terms("fuxi_frontdesk")
        for term, chinese in {
            "New tickets": "新单",
            "Ready to serve": "可上菜",
            "New dish": "新菜",
            "Not this guest": "忽略此客人",
        }.items():
            self.assertEqual(ours.get(term), chinese, term)
        installed = self.env["ir.module.module"].search([("state", "=", "installed")])
        clashes = []
        for module in installed.mapped("name"):
            if module == "fuxi_frontdesk":
                continue
            for term, chinese in web_terms(module).items():
                if term in ours and ours[term] != chinese:
                    clashes.append(f"{term!r}: ours {ours[term]}, {module} {chinese}")
        self.assertFalse(clashes)
