from . import (
    test_consumption,
    test_export_ui,
    test_groups,
    test_guest_profile,
    test_guest_profile_report,
    test_guest_stats,
    test_indexes,
    test_ranking,
    test_reservation,
    test_rfm_history,
    test_staff_without_email,
    test_views,
)
