"""TLS, mutual TLS and API keys, against a real server."""

from __future__ import annotations

import datetime
import ipaddress

import grpc
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from verdict.serving._proto import verdict_pb2 as pb
from verdict.serving._proto import verdict_pb2_grpc
from verdict.serving.security import hash_key


def _cert(name: str, key, issuer_name, issuer_key, *, ca: bool):
    now = datetime.datetime.now(datetime.timezone.utc)
    builder = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)]))
        .issuer_name(issuer_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
    )
    if not ca:
        builder = builder.add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
    return builder.sign(issuer_key, hashes.SHA256())


@pytest.fixture(scope="module")
def pki(tmp_path_factory):
    """A throwaway CA, a server cert for 127.0.0.1 and a client cert, all as PEM files."""
    out = tmp_path_factory.mktemp("pki")
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "verdict test CA")])
    ca = _cert("verdict test CA", ca_key, ca_name, ca_key, ca=True)
    files = {"ca": out / "ca.pem"}
    files["ca"].write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    for who in ("server", "client"):
        key = ec.generate_private_key(ec.SECP256R1())
        cert = _cert(who, key, ca_name, ca_key, ca=False)
        files[f"{who}_cert"] = out / f"{who}.pem"
        files[f"{who}_key"] = out / f"{who}.key"
        files[f"{who}_cert"].write_bytes(cert.public_bytes(serialization.Encoding.PEM))
        files[f"{who}_key"].write_bytes(
            key.private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
        )
    return files


def _secure(port: int, pki, *, client_cert: bool) -> grpc.aio.Channel:
    creds = grpc.ssl_channel_credentials(
        pki["ca"].read_bytes(),
        pki["client_key"].read_bytes() if client_cert else None,
        pki["client_cert"].read_bytes() if client_cert else None,
    )
    return grpc.aio.secure_channel(f"127.0.0.1:{port}", creds)


async def test_tls(start_server, pki):
    server = await start_server(tls_cert=pki["server_cert"], tls_key=pki["server_key"])
    async with _secure(server.port, pki, client_cert=False) as ch:
        reply = await verdict_pb2_grpc.VerdictStub(ch).Classify(pb.ClassifyRequest(text="hi"))
    assert reply.action == pb.ACTION_ALLOW
    async with grpc.aio.insecure_channel(f"127.0.0.1:{server.port}") as ch:
        with pytest.raises(grpc.aio.AioRpcError) as err:
            await verdict_pb2_grpc.VerdictStub(ch).Classify(pb.ClassifyRequest(text="hi"), timeout=2)
    assert err.value.code() == grpc.StatusCode.UNAVAILABLE


async def test_mtls_requires_a_client_certificate(start_server, pki):
    server = await start_server(
        tls_cert=pki["server_cert"], tls_key=pki["server_key"], tls_client_ca=pki["ca"]
    )
    async with _secure(server.port, pki, client_cert=True) as ch:
        reply = await verdict_pb2_grpc.VerdictStub(ch).Classify(pb.ClassifyRequest(text="hi"))
    assert reply.action == pb.ACTION_ALLOW
    async with _secure(server.port, pki, client_cert=False) as ch:
        with pytest.raises(grpc.aio.AioRpcError) as err:
            await verdict_pb2_grpc.VerdictStub(ch).Classify(pb.ClassifyRequest(text="hi"), timeout=2)
    assert err.value.code() == grpc.StatusCode.UNAVAILABLE


@pytest.fixture
async def keyed(start_server, tmp_path):
    keys = tmp_path / "keys.yaml"
    keys.write_text(f"{hash_key('acme-key')}: acme\n{hash_key('ops-key')}: {{tenant: ops, admin: true}}\n")
    server = await start_server(api_keys_file=keys, api_keys="env-key=globex")
    async with grpc.aio.insecure_channel(f"127.0.0.1:{server.port}") as ch:
        yield verdict_pb2_grpc.VerdictStub(ch)


def bearer(key: str):
    return (("authorization", f"Bearer {key}"),)


async def test_api_key_binds_the_tenant(keyed):
    reply = await keyed.Classify(pb.ClassifyRequest(text="hi"), metadata=bearer("acme-key"))
    assert reply.action == pb.ACTION_ALLOW
    reply = await keyed.Classify(
        pb.ClassifyRequest(text="hi", tenant="globex"), metadata=(("x-api-key", "env-key"),)
    )
    assert reply.action == pb.ACTION_ALLOW


@pytest.mark.parametrize(
    ("metadata", "tenant", "code"),
    [
        ((), "", grpc.StatusCode.UNAUTHENTICATED),
        (bearer("wrong"), "", grpc.StatusCode.UNAUTHENTICATED),
        (bearer("acme-key"), "globex", grpc.StatusCode.PERMISSION_DENIED),
    ],
)
async def test_api_key_refusals(keyed, metadata, tenant, code):
    with pytest.raises(grpc.aio.AioRpcError) as err:
        await keyed.Classify(pb.ClassifyRequest(text="hi", tenant=tenant), metadata=metadata)
    assert err.value.code() == code
    assert "x-request-id" in dict(err.value.trailing_metadata())


async def test_batch_and_stream_items_cannot_name_another_tenant(keyed):
    batch = pb.ClassifyBatchRequest(
        items=[pb.ClassifyRequest(text="a"), pb.ClassifyRequest(text="b", tenant="globex")]
    )
    with pytest.raises(grpc.aio.AioRpcError) as err:
        await keyed.ClassifyBatch(batch, metadata=bearer("acme-key"))
    assert err.value.code() == grpc.StatusCode.PERMISSION_DENIED
    requests = iter([pb.StreamRequest(config=pb.StreamConfig(tenant="globex")), pb.StreamRequest(chunk="x")])
    with pytest.raises(grpc.aio.AioRpcError) as err:
        _ = [r async for r in keyed.ClassifyStream(requests, metadata=bearer("acme-key"))]
    assert err.value.code() == grpc.StatusCode.PERMISSION_DENIED


async def test_reload_needs_an_admin_key(keyed):
    with pytest.raises(grpc.aio.AioRpcError) as err:
        await keyed.Reload(pb.ReloadRequest(), metadata=bearer("acme-key"))
    assert err.value.code() == grpc.StatusCode.PERMISSION_DENIED
    reply = await keyed.Reload(pb.ReloadRequest(version="3"), metadata=bearer("ops-key"))
    assert reply.model_version == "verdict/3"


# -- secure defaults without keys ------------------------------------------------------------------


async def _open_server(start_server, **overrides):
    """A server with no API keys listening on every address (0.0.0.0); reached over loopback."""
    server = await start_server(host="0.0.0.0", **overrides)
    channel = grpc.aio.insecure_channel(f"127.0.0.1:{server.port}")
    return channel, verdict_pb2_grpc.VerdictStub(channel)


async def test_no_keys_beyond_loopback_refuses_admin_but_serves(start_server, caplog):
    caplog.set_level("WARNING", logger="verdict.serving")
    channel, stub = await _open_server(start_server)
    async with channel:
        assert (await stub.Classify(pb.ClassifyRequest(text="hi", tenant="acme"))).action == pb.ACTION_ALLOW
        with pytest.raises(grpc.aio.AioRpcError) as err:
            await stub.Reload(pb.ReloadRequest())
    assert err.value.code() == grpc.StatusCode.PERMISSION_DENIED
    assert "--allow-anonymous-admin" in err.value.details()
    warnings = " ".join(r.getMessage() for r in caplog.records)
    assert "0.0.0.0 without API keys" in warnings and "refused" in warnings and "without TLS" in warnings


async def test_no_keys_beyond_loopback_grants_admin_only_when_told(start_server):
    channel, stub = await _open_server(start_server, allow_anonymous_admin=True)
    async with channel:
        assert (await stub.Reload(pb.ReloadRequest(version="2"))).model_version == "verdict/2"


@pytest.mark.parametrize(
    "host, loopback",
    [
        ("127.0.0.1", True),
        ("127.9.9.9", True),
        ("::1", True),
        ("[::1]", True),
        ("localhost", True),
        ("0.0.0.0", False),
        ("::", False),
        ("10.0.0.5", False),
        ("verdict.internal", False),
    ],
)
def test_loopback_hosts(host, loopback):
    from verdict.serving.security import is_loopback

    assert is_loopback(host) is loopback


BAD_NAMES = ["../../etc/passwd", "a/b", "a\\b", "a..b", "x" * 65, "tab\there", "ünïcode", "semi;colon"]


@pytest.mark.parametrize("name", BAD_NAMES)
async def test_bad_tenant_and_route_names_are_invalid_argument(stub, name):
    calls = [
        ("tenant", stub.Classify(pb.ClassifyRequest(text="hi", tenant=name))),
        ("route", stub.Classify(pb.ClassifyRequest(text="hi", route=name))),
        (
            "items[1].tenant",
            stub.ClassifyBatch(
                pb.ClassifyBatchRequest(
                    items=[pb.ClassifyRequest(text="a"), pb.ClassifyRequest(text="b", tenant=name)]
                )
            ),
        ),
    ]
    for field_name, call in calls:
        with pytest.raises(grpc.aio.AioRpcError) as err:
            await call
        assert err.value.code() == grpc.StatusCode.INVALID_ARGUMENT
        assert err.value.details().startswith(f"{field_name}: ") and "not a valid name" in err.value.details()
    requests = iter([pb.StreamRequest(config=pb.StreamConfig(tenant=name)), pb.StreamRequest(chunk="x")])
    with pytest.raises(grpc.aio.AioRpcError) as err:
        _ = [r async for r in stub.ClassifyStream(requests)]
    assert err.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert err.value.details().startswith("config.tenant: ")


@pytest.mark.parametrize("name", ["acme", "acme-eu.prod_2", "A" * 64, ""])
async def test_good_tenant_names_pass(stub, name):
    assert (
        await stub.Classify(pb.ClassifyRequest(text="hi", tenant=name, route=name))
    ).action == pb.ACTION_ALLOW
