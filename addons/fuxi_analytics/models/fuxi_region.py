from odoo import api, fields, models

LEVELS = [
    ("province", "Province"),
    ("municipality", "Municipality"),
    ("city", "City"),
    ("district", "District / County"),
]


class FuxiRegion(models.Model):
    """Where a region sits in China's administrative tree, so that consumption rolls up to
    city and province however deep the guests' regions go (西湖区 → 杭州市 → 浙江省).

    The level is guessed from the tree (a root is a province, a province's child a city,
    anything lower a district) and can be corrected: a municipality such as 上海市 is its
    own province and city."""

    _inherit = "fuxi.region"

    def unlink(self):
        # the statistics' rows keep no foreign key: a deleted region names none there
        Line = self.env["fuxi.statistic.line"]
        Line._fuxi_forget("province_id", self.ids)
        Line._fuxi_forget("city_id", self.ids)
        return super().unlink()

    fuxi_level = fields.Selection(
        LEVELS,
        string="Level",
        compute="_compute_fuxi_level",
        store=True,
        readonly=False,
        recursive=True,
        precompute=True,
    )
    fuxi_city_id = fields.Many2one(
        "fuxi.region",
        string="City",
        compute="_compute_fuxi_rollup",
        store=True,
        recursive=True,
        index=True,
    )
    fuxi_province_id = fields.Many2one(
        "fuxi.region",
        string="Province",
        compute="_compute_fuxi_rollup",
        store=True,
        recursive=True,
        index=True,
    )

    @api.depends("parent_id", "parent_id.fuxi_level")
    def _compute_fuxi_level(self):
        for region in self:
            parent = region.parent_id
            if not parent:
                region.fuxi_level = "province"
            elif parent.fuxi_level == "province":
                region.fuxi_level = "city"
            else:
                region.fuxi_level = "district"

    @api.depends("fuxi_level", "parent_id", "parent_id.fuxi_city_id", "parent_id.fuxi_province_id")
    def _compute_fuxi_rollup(self):
        for region in self:
            level = region.fuxi_level
            parent = region.parent_id
            region.fuxi_city_id = (
                region if level in ("city", "municipality") else parent.fuxi_city_id
            )
            region.fuxi_province_id = (
                region if level in ("province", "municipality") else parent.fuxi_province_id
            )
