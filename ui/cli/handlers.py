"""Every sub-command's handler by name. Gathered here, above the command modules, so that they can
use ui/cli/commands.py (opening a book) without it importing them back."""
from __future__ import annotations

from ui.cli import bank_cmds, close_cmds, commands, people_cmds
from ui.cli.report_cmds import report

HANDLERS = {"init": commands.init, "import": commands.import_, "export": commands.export, "report": report,
            "post": commands.post, "check": commands.check, "demo": commands.demo, "gui": commands.gui,
            "template": commands.template, "backup": commands.backup, "restore": commands.restore,
            "migrate-from": commands.migrate_from}
HANDLERS.update(close_cmds.HANDLERS)  # close, reopen and assets (issue 17)
HANDLERS.update(bank_cmds.HANDLERS)  # the receivables desk (issue 18)
HANDLERS.update(people_cmds.HANDLERS)  # people and the operation log (issue 26)
