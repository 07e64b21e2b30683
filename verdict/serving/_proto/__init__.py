"""Generated protobuf and gRPC stubs for verdict.v1 (regenerate: `python -m verdict.serving._proto.generate`).

Only `verdict/serving/` imports these; everything outside it works with the dataclasses in `verdict/runtime/` and
`verdict.serving.client`.
"""
