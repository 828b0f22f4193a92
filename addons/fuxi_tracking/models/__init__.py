from . import (
    fuxi_bucket,
    fuxi_consumption,
    fuxi_consumption_line,
    fuxi_demo,
    fuxi_ranking_closed,
    fuxi_reservation,
    fuxi_room,
    res_partner,
)
