from . import (
    test_concurrency,
    test_ending,
    test_frontdesk_order,
    test_groups,
    test_kitchen,
    test_pace,
    test_rpc,
    test_stations_and_access,
    test_tables,
    test_translations,
    test_ui,
)
