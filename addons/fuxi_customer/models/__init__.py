from . import fuxi_customer_class
from . import fuxi_region
from . import fuxi_taste
from . import fuxi_partner_date
from . import res_partner
from . import res_users
from . import res_config_settings
from . import ir_actions_report
