"""deploy/kubernetes/ against the Kubernetes 1.37 JSON schemas (kubernetes-validate ships them: no network,
no cluster, no kubectl), and against verdict itself: settings the server knows, the health service it
serves, the Envoy config the failover test runs, a policy the loader accepts."""

from __future__ import annotations

from pathlib import Path

import kubernetes_validate
import pytest
import yaml

from verdict.governance.policy.loader import load_policy
from verdict.serving.settings import Settings

REPO = Path(__file__).resolve().parents[1]
ROOT = REPO / "deploy" / "kubernetes"
KUBERNETES = "1.37"
KUSTOMIZATIONS = sorted(ROOT.rglob("kustomization.yaml"))
CONFIG = ROOT / "base" / "config"  # files that become ConfigMaps, not manifests


def manifest_files() -> list[Path]:
    return sorted(
        p for p in ROOT.rglob("*.yaml") if p.name != "kustomization.yaml" and CONFIG not in p.parents
    )


def documents(path: Path) -> list[dict]:
    return [d for d in yaml.safe_load_all(path.read_text()) if d is not None]


def kustomization(path: Path) -> dict:
    return yaml.safe_load(path.read_text())


def generated_config_maps(path: Path) -> list[dict]:
    """The ConfigMaps a kustomization's configMapGenerator makes, as kustomize writes them (less the hash)."""
    maps = []
    for generator in kustomization(path).get("configMapGenerator", []):
        data = dict(literal.split("=", 1) for literal in generator.get("literals", []))
        for file in generator.get("files", []):
            data[Path(file).name] = (path.parent / file).read_text()
        maps.append(
            {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": generator["name"]}, "data": data}
        )
    return maps


def objects(kind: str) -> dict[str, dict]:
    return {d["metadata"]["name"]: d for p in manifest_files() for d in documents(p) if d["kind"] == kind}


def pod_spec(name: str) -> dict:
    return objects("Deployment")[name]["spec"]["template"]["spec"]


def test_the_manifests_are_there():
    kinds = {d["kind"] for p in manifest_files() for d in documents(p)}
    assert {
        "Deployment",
        "Service",
        "HorizontalPodAutoscaler",
        "PodDisruptionBudget",
        "NetworkPolicy",
        "Secret",
        "Namespace",
    } <= kinds
    assert {"verdict", "verdict-envoy", "triton"} <= set(objects("Deployment"))


@pytest.mark.parametrize("path", manifest_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_manifest_is_valid_against_the_kubernetes_schema(path):
    for document in documents(path):
        kubernetes_validate.validate(document, KUBERNETES, strict=True)


@pytest.mark.parametrize("path", KUSTOMIZATIONS, ids=lambda p: str(p.relative_to(ROOT)))
def test_kustomizations_name_files_that_exist_and_generate_valid_config_maps(path):
    spec = kustomization(path)
    assert spec["kind"] == "Kustomization"
    for resource in spec.get("resources", []):
        target = path.parent / resource
        assert target.is_file() or (target / "kustomization.yaml").is_file(), resource
    for config_map in generated_config_maps(path):
        kubernetes_validate.validate(config_map, KUBERNETES, strict=True)


def test_every_manifest_but_the_secrets_example_is_applied():
    listed = {
        (path.parent / r).resolve()
        for path in KUSTOMIZATIONS
        for r in kustomization(path).get("resources", [])
    }
    assert {p.resolve() for p in manifest_files()} - listed == {(ROOT / "secrets.example.yaml").resolve()}


def test_settings_are_the_servers():
    known = {f"VERDICT_{name.upper()}" for name in Settings.model_fields}
    for path in KUSTOMIZATIONS:
        for config_map in generated_config_maps(path):
            if config_map["metadata"]["name"] == "verdict-settings":
                assert set(config_map["data"]) <= known
    (container,) = pod_spec("verdict")["containers"]
    assert {e["name"] for e in container["env"]} <= known


def test_probes_ask_for_the_health_the_server_serves():
    (container,) = pod_spec("verdict")["containers"]
    ports = {p["containerPort"] for p in container["ports"]}
    for probe in ("startupProbe", "readinessProbe"):
        assert container[probe]["grpc"] == {"port": 50051, "service": "verdict.v1.Verdict"}
    assert container["livenessProbe"]["grpc"]["port"] in ports
    assert "--port" in container["args"] and "50051" in container["args"]


def test_references_resolve():
    config_maps = {m["metadata"]["name"] for p in KUSTOMIZATIONS for m in generated_config_maps(p)}
    secrets = {name: s for name, s in objects("Secret").items()}
    for name in ("verdict", "verdict-envoy", "triton"):
        spec = pod_spec(name)
        for volume in spec.get("volumes", []):
            if "configMap" in volume:
                assert volume["configMap"]["name"] in config_maps
            if "secret" in volume:
                secret = secrets[volume["secret"]["secretName"]]
                assert {i["key"] for i in volume["secret"].get("items", [])} <= set(secret["stringData"])
        for container in spec["containers"]:
            for source in container.get("envFrom", []):
                assert source["configMapRef"]["name"] in config_maps
            for env in container.get("env", []):
                ref = env.get("valueFrom", {}).get("secretKeyRef")
                if ref:
                    assert ref["key"] in secrets[ref["name"]]["stringData"]
    deployments = objects("Deployment")
    labels = {name: d["spec"]["template"]["metadata"]["labels"] for name, d in deployments.items()}
    for service in objects("Service").values():
        assert any(service["spec"]["selector"].items() <= pod.items() for pod in labels.values())
    for budget in objects("PodDisruptionBudget").values():
        assert any(
            budget["spec"]["selector"]["matchLabels"].items() <= pod.items() for pod in labels.values()
        )
    (autoscaler,) = objects("HorizontalPodAutoscaler").values()
    assert autoscaler["spec"]["scaleTargetRef"]["name"] in deployments


def test_the_headless_service_is_the_name_envoy_balances():
    envoy = yaml.safe_load((CONFIG / "envoy.yaml").read_text())
    (cluster,) = envoy["static_resources"]["clusters"]
    (endpoint,) = cluster["load_assignment"]["endpoints"][0]["lb_endpoints"]
    address = endpoint["endpoint"]["address"]["socket_address"]
    service = objects("Service")[address["address"]]
    assert service["spec"]["clusterIP"] == "None"
    assert address["port_value"] in {p["port"] for p in service["spec"]["ports"]}


def test_the_kubernetes_envoy_is_the_tested_replicas_config_plus_tls_and_readiness():
    tested = yaml.safe_load((REPO / "deploy" / "envoy" / "replicas.yaml").read_text())["static_resources"]
    shipped = yaml.safe_load((CONFIG / "envoy.yaml").read_text())["static_resources"]
    assert shipped["clusters"] == tested["clusters"]
    listeners = {listener["name"]: listener for listener in shipped["listeners"]}
    assert set(listeners) == {"verdict_grpc", "ready"}
    (chain,) = listeners["verdict_grpc"]["filter_chains"]
    assert chain["filters"] == tested["listeners"][0]["filter_chains"][0]["filters"]
    assert chain["transport_socket"]["name"] == "envoy.transport_sockets.tls"
    tls = chain["transport_socket"]["typed_config"]["common_tls_context"]["tls_certificates"][0]
    (balancer,) = pod_spec("verdict-envoy")["containers"]
    mounts = {m["name"]: m["mountPath"] for m in balancer["volumeMounts"]}
    assert Path(tls["certificate_chain"]["filename"]).parent == Path(mounts["tls"])


def test_the_policy_config_map_is_a_policy_verdict_loads():
    path = CONFIG / "policies" / "default.yaml"
    shipped = REPO / "verdict" / "governance" / "policy" / "default.yaml"
    assert load_policy(path).declared_version == load_policy(shipped).declared_version, (
        "copy the shipped policy's new version"
    )
