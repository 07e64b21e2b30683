"""The `verdict` command: one entry point, each subcommand implemented by the module that owns it.

A subcommand module exposes `add_arguments(parser)` and `run(args) -> int`; it is imported only when
its subcommand runs, so `verdict scan` never imports torch and `verdict serve` never imports training.
"""

from __future__ import annotations

import argparse
import importlib
import sys

# (command, module, help). Nested commands ("audit verify") are written with a space.
COMMANDS: tuple[tuple[str, str, str], ...] = (
    ("serve", "verdict.serving.main", "serve the gRPC verdict API on a model from the model repository"),
    ("scan", "verdict.scan", "classify a JSONL file of outputs with the same engine the server uses"),
    (
        "data build",
        "verdict.modeling.data.build",
        "build the labeled train/dev/test JSONL from ../shared/data + synthetic",
    ),
    ("train", "verdict.modeling.training", "fine-tune the multi-task model (torch + transformers)"),
    ("average", "verdict.modeling.average", "average the weights of fine-tuned checkpoints (a model soup)"),
    ("export", "verdict.modeling.export", "export a checkpoint to ONNX fp32/int8/fp16 with a manifest"),
    ("eval", "verdict.modeling.evaluation", "evaluate a model version on a labeled split; write the report"),
    ("policy check", "verdict.governance.policy.cli", "validate policy files and print what they enforce"),
    (
        "audit verify",
        "verdict.governance.audit.cli",
        "verify the audit log: keyed hash chain, signed heads and checkpoints",
    ),
    (
        "audit checkpoints",
        "verdict.governance.audit.cli",
        "export the audit log's signed checkpoints (JSONL) to keep elsewhere",
    ),
    (
        "evidence",
        "verdict.governance.audit.evidence",
        "write the evidence report (HTML + JSON) for a time window",
    ),
    (
        "review export",
        "verdict.modeling.retraining.cli",
        "write a review queue (FLAG/BLOCK, near-threshold) from the audit log",
    ),
    (
        "review import",
        "verdict.modeling.retraining.cli",
        "turn a reviewed queue into labeled examples (+ a review-dev set)",
    ),
    (
        "gate",
        "verdict.modeling.retraining.cli",
        "gate a retrained version against its baseline; writes gate.json",
    ),
    (
        "promote",
        "verdict.modeling.retraining.cli",
        "serve a gated version (models/<name>/serving.json); hot reload",
    ),
    ("rollback", "verdict.modeling.retraining.cli", "serve the previously promoted version again"),
    ("ext-proc", "verdict.serving.ext_proc", "run the Envoy ext_proc processor"),
)


def build_parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    """The full parser; only the module of the command named in `argv` is imported for its arguments.

    Importing every subcommand's module to build `--help` would make one broken or heavy module break
    every command, so the others get a bare subparser that still lists them.
    """
    wanted = _command_module(argv or [])
    parser = argparse.ArgumentParser(prog="verdict", description="Score AI outputs and enforce verdicts.")
    top = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    groups: dict[str, argparse._SubParsersAction] = {}
    for command, module, help_text in COMMANDS:
        words = command.split()
        subs = top
        if len(words) == 2:
            if words[0] not in groups:
                group = top.add_parser(words[0], help=f"{words[0]} commands")
                groups[words[0]] = group.add_subparsers(
                    dest="subcommand", required=True, metavar="SUBCOMMAND"
                )
            subs = groups[words[0]]
        sub = subs.add_parser(words[-1], help=help_text, description=help_text)
        sub.set_defaults(_module=module)
        if module == wanted:
            _module_arguments(module, sub)
    return parser


def _command_module(argv: list[str]) -> str | None:
    words = [w for w in argv if not w.startswith("-")][:2]
    for command, module, _ in COMMANDS:
        if words[: len(command.split())] == command.split():
            return module
    return None


def _module_arguments(module: str, parser: argparse.ArgumentParser) -> None:
    # Argument definitions are cheap to import; heavy imports live inside each module's run().
    try:
        mod = importlib.import_module(module)
    except ImportError as exc:  # an optional extra (e.g. torch for `train`) is not installed
        parser.set_defaults(_import_error=f"{module}: {exc}")
        return
    mod.add_arguments(parser)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = build_parser(argv)
    # A command whose module could not be imported has no arguments defined: name the missing module,
    # not the arguments it would have taken.
    args, unknown = parser.parse_known_args(argv)
    if getattr(args, "_import_error", None):
        print(f"verdict: this command needs an optional dependency: {args._import_error}", file=sys.stderr)
        return 2
    if unknown:
        parser.error(f"unrecognized arguments: {' '.join(unknown)}")
    return importlib.import_module(args._module).run(args)


if __name__ == "__main__":
    sys.exit(main())
