def migrate(cr, version):
    """A statistic's rows have no foreign keys any more (FuxiStatisticLine's
    _is_an_ordinary_table): the ones made before are dropped with their records."""
    if not version:
        return
    cr.execute(
        """SELECT c.conname FROM pg_constraint c
            WHERE c.conrelid = 'fuxi_statistic_line'::regclass AND c.contype = 'f'"""
    )
    names = [row[0] for row in cr.fetchall()]
    for name in names:
        cr.execute(f'ALTER TABLE fuxi_statistic_line DROP CONSTRAINT "{name}"')
    if names:
        cr.execute(
            "DELETE FROM ir_model_constraint WHERE type = 'f' AND name IN %s", [tuple(names)]
        )
