"""Generated protobuf and gRPC stubs for verdict.v1 (regenerate: `python -m serving._proto.generate`).

Only `serving/` imports these; everything outside it works with the dataclasses in `classifier/` and
`serving.client`.
"""
