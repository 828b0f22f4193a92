from . import news
