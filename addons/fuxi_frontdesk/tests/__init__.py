from . import (
    test_concurrency,
    test_frontdesk_order,
    test_groups,
    test_kitchen,
    test_rpc,
    test_stations_and_access,
    test_translations,
    test_ui,
)
