from . import gateways
