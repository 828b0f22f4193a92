from . import (
    fuxi_consumption,
    fuxi_consumption_line,
    fuxi_demo,
    fuxi_guest_stat,
    fuxi_reservation,
    fuxi_room,
    res_partner,
)
