from . import test_audience, test_policy
from . import test_greetings, test_letters, test_news, test_service_sms
