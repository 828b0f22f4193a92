from . import (
    test_audience,
    test_campaign,
    test_campaign_tour,
    test_greetings,
    test_letters,
    test_news,
    test_policy,
    test_service_sms,
    test_uplift,
)
