"""账房 Zhangfang: with no arguments the desktop app opens on the default book; sub-commands run the CLI."""
import sys

from ui.cli.main import main

if __name__ == "__main__":
    sys.exit(main())
