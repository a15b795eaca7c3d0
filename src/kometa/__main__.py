import sys

from kometa.cli import main

sys.exit(main())
