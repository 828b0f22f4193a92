from . import test_access
from . import test_customer_code
from . import test_filters
from . import test_import
from . import test_labels
from . import test_staff
