from . import test_aliyun, test_callbacks, test_tencent
