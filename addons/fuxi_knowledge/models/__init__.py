from . import (
    fuxi_allergen,
    fuxi_dish_category,
    fuxi_document,
    fuxi_document_folder,
    fuxi_document_tag,
    fuxi_document_version,
    fuxi_kitchen_station,
    ir_attachment,
    product_product,
    product_template,
    res_config_settings,
    res_partner,
)
