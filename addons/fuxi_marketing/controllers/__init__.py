from . import mailing, news
