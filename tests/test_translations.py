"""Every user-facing string of every Fuxi addon has a Simplified Chinese translation."""

from pathlib import Path

import polib

from odoo.tests import TransactionCase
from odoo.tools.translate import TranslationModuleReader

ADDONS = Path(__file__).resolve().parent.parent / "addons"
FUXI_ADDONS = sorted(p.parent.name for p in ADDONS.glob("*/__manifest__.py"))


class TestZhCnTranslations(TransactionCase):
    # outside odoo.addons.*, Odoo's test metaclass does not fill these in
    test_tags = {"standard", "at_install"}
    test_module = "fuxi_tests"
    test_class = "TestZhCnTranslations"
    test_sequence = 0

    def test_every_addon_ships_a_complete_zh_cn_po(self):
        self.assertTrue(FUXI_ADDONS)
        for addon in FUXI_ADDONS:
            with self.subTest(addon=addon):
                po_path = ADDONS / addon / "i18n" / "zh_CN.po"
                self.assertTrue(po_path.exists(), f"{addon} has no i18n/zh_CN.po")
                po = polib.pofile(str(po_path))
                translated = {e.msgid for e in po if e.msgstr and not e.fuzzy and not e.obsolete}
                terms = {
                    term[4]
                    for term in TranslationModuleReader(self.env.cr, modules=[addon])
                    if term[0] == addon and term[4].strip()
                }
                missing = sorted(terms - translated)
                self.assertFalse(
                    missing,
                    f"{addon}: {len(missing)} string(s) without a zh_CN translation, e.g. "
                    f"{missing[:5]} — export with `odoo --i18n-export` and translate them",
                )

    def test_chinese_is_served(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"].search([("name", "in", FUXI_ADDONS)])._update_translations(
            "zh_CN"
        )
        vip = self.env.ref("fuxi_customer.customer_class_walk_in").with_context(lang="zh_CN")
        self.assertEqual(vip.name, "零散客户")
        menu = self.env.ref("fuxi_customer.menu_fuxi_root").with_context(lang="zh_CN")
        self.assertEqual(menu.name, "伏羲餐饮CRM")
