from . import test_audience, test_campaign, test_campaign_tour, test_policy
