from . import mailing
