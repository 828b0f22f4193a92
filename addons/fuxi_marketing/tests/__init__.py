from . import test_audience, test_policy
from . import test_campaign
from . import test_campaign_tour
