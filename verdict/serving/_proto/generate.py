"""Regenerate the committed gRPC stubs from `proto/verdict/v1/verdict.proto`.

    python -m verdict.serving._proto.generate          # rewrite verdict/serving/_proto/verdict_pb2*.py
    python -m verdict.serving._proto.generate --check  # exit 1 if the committed stubs are stale

The stubs live flat in this package and the grpc module's import is rewritten to a package-relative
one, so generated types stay inside `serving/` and no `sys.path` trick is needed. The descriptor keeps
the file name `verdict/v1/verdict.proto`, which is what reflection serves.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
PROTO_ROOT = HERE.parents[2] / "proto"
PROTO_FILE = "verdict/v1/verdict.proto"
OUTPUTS = ("verdict_pb2.py", "verdict_pb2.pyi", "verdict_pb2_grpc.py")


def generate() -> dict[str, str]:
    """Run grpc_tools.protoc into a temporary directory; return {file name: text}."""
    from grpc_tools import protoc

    include = Path(protoc.__file__).resolve().parent / "_proto"
    with tempfile.TemporaryDirectory() as tmp:
        rc = protoc.main([
            "grpc_tools.protoc", f"-I{PROTO_ROOT}", f"-I{include}",
            f"--python_out={tmp}", f"--pyi_out={tmp}", f"--grpc_python_out={tmp}", PROTO_FILE,
        ])
        if rc != 0:
            raise RuntimeError(f"protoc failed with exit code {rc}")
        out = {name: (Path(tmp) / "verdict" / "v1" / name).read_text(encoding="utf-8") for name in OUTPUTS}
    out["verdict_pb2_grpc.py"] = re.sub(
        r"^from verdict\.v1 import verdict_pb2", "from . import verdict_pb2", out["verdict_pb2_grpc.py"], flags=re.M
    )
    return out


# The versions of the tools that wrote a stub (grpcio-tools' GRPC_GENERATED_VERSION, protoc's protobuf
# version), which the stub also checks at import as the least runtime it accepts. A newer grpcio-tools
# writing the same code is no staleness, and the committed stubs keep their older stamps, which accept the
# wider range of installed grpcio and protobuf; staleness is a difference in the code without them.
_STAMPS = (
    (re.compile(r"^GRPC_GENERATED_VERSION = '[^']*'$", re.M), "GRPC_GENERATED_VERSION = ''"),
    (re.compile(r"^# Protobuf Python Version: .*$", re.M), "# Protobuf Python Version:"),
    (re.compile(r"(_runtime_version\.Domain\.PUBLIC,)\s*\d+,\s*\d+,\s*\d+,"), r"\1"),
)


def unstamped(text: str) -> str:
    """The stub's code without the generating tools' version stamps."""
    for pattern, replacement in _STAMPS:
        text = pattern.sub(replacement, text)
    return text


def stale() -> list[str]:
    """Names of committed stubs whose code differs from what the .proto generates (tool versions aside)."""
    return [name for name, text in generate().items()
            if not (HERE / name).is_file()
            or unstamped((HERE / name).read_text(encoding="utf-8")) != unstamped(text)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if the committed stubs are stale")
    args = parser.parse_args(argv)
    if args.check:
        names = stale()
        if names:
            print(f"stale stubs: {', '.join(names)}; run python -m verdict.serving._proto.generate", file=sys.stderr)
            return 1
        return 0
    for name, text in generate().items():
        (HERE / name).write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
