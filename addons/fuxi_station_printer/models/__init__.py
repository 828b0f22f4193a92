from . import (
    fuxi_frontdesk_order,
    fuxi_frontdesk_order_line,
    fuxi_kitchen_ticket,
    fuxi_station_printer,
    fuxi_station_printer_job,
)
