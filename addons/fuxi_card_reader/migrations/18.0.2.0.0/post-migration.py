def migrate(cr, version):
    """The token dialog no longer stores the plain token (it is shown from the action's
    context): drop the column that kept every token generated, with the dialogs' records."""
    cr.execute("DELETE FROM fuxi_card_reader_token")
    cr.execute("ALTER TABLE fuxi_card_reader_token DROP COLUMN IF EXISTS token")
