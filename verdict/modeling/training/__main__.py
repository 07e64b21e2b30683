"""`python -m verdict.modeling.training`: the same as `verdict train`."""

import argparse
import sys

from verdict.modeling.training.cli import add_arguments, run

parser = argparse.ArgumentParser(prog="python -m verdict.modeling.training", description=__doc__)
add_arguments(parser)
sys.exit(run(parser.parse_args()))
