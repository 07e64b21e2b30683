"""`python -m verdict.serving.ext_proc`: the same as `verdict ext-proc`."""

from verdict.serving.ext_proc.server import main

raise SystemExit(main())
