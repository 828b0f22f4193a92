"""Command-line details shared by the bridge's commands."""

# options whose value is a secret drawn at random: it may begin with "-"
SECRET_OPTIONS = ("--token", "--ami-secret")


def join_secret_values(argv, options=SECRET_OPTIONS):
    """``--token -abc`` → ``--token=-abc``.

    argparse reads a value beginning with "-" as the next option and stops with "expected
    one argument"; tokens issued by Odoo before 2026-12 may begin with "-" (1 in 64), and an
    operator types them after ``--token`` like any other value.
    """
    argv = list(argv)
    joined = []
    index = 0
    while index < len(argv):
        item = argv[index]
        if item in options and index + 1 < len(argv):
            joined.append(f"{item}={argv[index + 1]}")
            index += 2
            continue
        if item == "--":  # what follows is not ours to rewrite
            joined += argv[index:]
            break
        joined.append(item)
        index += 1
    return joined
