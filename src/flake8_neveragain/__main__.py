import sys

from flake8_neveragain.cli.main import main

sys.exit(main())
