import math

from odoo.tests import BaseCase

from ..tools.uplift import t_quantile, welch_interval


class TestWelchInterval(BaseCase):
    """The campaign effect's interval, against figures worked out by hand."""

    def test_two_guests_a_group_give_a_wide_interval(self):
        # treated visits 2 and 3, control 0 and 1: means 2.5 and 0.5, variances 0.5;
        # se = √(0.25 + 0.25), df = 0.5² / (0.25²/1 + 0.25²/1) = 2, t(0.975, 2) = 4.302653
        result = welch_interval((2, 5.0, 13.0), (2, 1.0, 1.0))
        self.assertAlmostEqual(result["diff"], 2.0)
        self.assertAlmostEqual(result["df"], 2.0)
        half = 4.302653 * math.sqrt(0.5)
        self.assertAlmostEqual(result["low"], 2.0 - half, places=4)
        self.assertAlmostEqual(result["high"], 2.0 + half, places=4)
        self.assertLess(result["low"], 0.0)

    def test_quantiles_of_the_t_distribution(self):
        # printed tables: t(0.975, 1) = 12.7062, t(0.975, 10) = 2.2281, t(0.95, 30) = 1.6973
        self.assertAlmostEqual(t_quantile(0.975, 1), 12.7062, places=3)
        self.assertAlmostEqual(t_quantile(0.975, 10), 2.2281, places=3)
        self.assertAlmostEqual(t_quantile(0.95, 30), 1.6973, places=3)

    def test_no_spread_and_too_few_guests(self):
        exact = welch_interval((3, 6.0, 12.0), (4, 4.0, 4.0))
        self.assertEqual((exact["low"], exact["diff"], exact["high"]), (1.0, 1.0, 1.0))
        self.assertIsNone(welch_interval((1, 2.0, 4.0), (5, 5.0, 5.0)))
