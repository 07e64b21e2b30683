"""Load one tenant's policy file: YAML -> schema -> resolved `CompiledPolicy`, or a ConfigError naming
the file, the line and the field.

PyYAML's composed node tree keeps a mark (line) for every key and value; a pydantic error's `loc`
is walked down that tree to find the line it is about.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import yaml
from pydantic import ValidationError

from verdict.governance.policy.actions import Action
from verdict.governance.policy.compiled import (
    ALL_LABELS,
    BUILTIN_DEFAULTS,
    TENANT_SCOPE,
    AllowMatcher,
    CompiledPolicy,
    ResolvedRule,
    RoutePolicy,
    label_category,
)
from verdict.governance.policy.model import (
    CATEGORIES,
    DETECTORS,
    HashSpec,
    KeepLastSpec,
    MaskSpec,
    PromptFile,
    RemoveSpec,
    ReplaceSpec,
    Rule,
    TenantPolicy,
    semantic_errors,
)
from verdict.governance.policy.redaction import AnyOperator, Hash, KeepLast, Mask, Remove, Replace
from verdict.runtime.errors import ConfigError


class _Locator:
    """Maps a field path (pydantic `loc`) to a line of the YAML file."""

    def __init__(self, root: yaml.Node | None, file: str) -> None:
        self.root, self.file = root, file

    def line(self, loc: tuple) -> int | None:
        node = self.root
        if node is None:
            return None
        line = node.start_mark.line + 1
        for part in loc:
            child = self._child(node, part)
            if child is None:
                continue  # a pydantic-only loc element (a union tag): stay on this node
            key_node, node = child
            line = (key_node or node).start_mark.line + 1
        return line

    @staticmethod
    def _child(node: yaml.Node, part) -> tuple[yaml.Node | None, yaml.Node] | None:
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if key.value == str(part):
                    return key, value
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            return None, node.value[part]
        return None

    def error(self, loc: tuple, message: str) -> ConfigError:
        field = ".".join(str(p) for p in loc) or None
        return ConfigError(message, file=self.file, line=self.line(loc), field=field)


def _check_duplicate_keys(node: yaml.Node, file: str) -> None:
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key, value in node.value:
            if key.value in seen:
                raise ConfigError(
                    f"duplicate key {key.value!r}", file=file, line=key.start_mark.line + 1, field=key.value
                )
            seen.add(key.value)
            _check_duplicate_keys(value, file)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            _check_duplicate_keys(item, file)


def _data_loc(loc: tuple, data) -> tuple:
    """A pydantic `loc` without its schema-only parts (union tags, "[key]"): only steps into the data,
    plus a final key the data lacks (a missing field)."""
    path: list = []
    node = data
    for i, part in enumerate(loc):
        if (
            isinstance(node, dict)
            and part in node
            or isinstance(node, list)
            and isinstance(part, int)
            and 0 <= part < len(node)
        ):
            node = node[part]
        elif isinstance(node, dict) and i == len(loc) - 1:
            node = None
        else:
            continue
        path.append(part)
    return tuple(path)


def parse_policy(text: str, *, file: str, tenant: str, base_dir: Path | None = None) -> CompiledPolicy:
    """Validate and resolve a policy given as text (the loader's whole job, minus reading the file)."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise ConfigError(
            f"invalid YAML: {exc.problem}", file=file, line=mark.line + 1 if mark else None
        ) from exc
    locator = _Locator(root, file)
    if not isinstance(data, dict):
        raise ConfigError("a policy file is a mapping with at least `version:`", file=file, line=1)
    _check_duplicate_keys(root, file)
    try:
        spec = TenantPolicy.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = _data_loc(first["loc"], data)
        message = first["msg"].removeprefix("Value error, ")
        if first["type"] == "extra_forbidden":
            message = f"unknown field {str(loc[-1])!r}"
        more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
        raise locator.error(loc, message + more) from None
    for loc, message in semantic_errors(spec, tenant=tenant):
        raise locator.error(loc, message)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    compiler = _Compiler(spec, tenant=tenant, locator=locator, base_dir=base_dir or Path("."))
    routes = {TENANT_SCOPE: compiler.route(None)}
    routes.update({name: compiler.route(name) for name in spec.routes})
    return CompiledPolicy(
        tenant=tenant,
        version=f"{spec.version}+{digest[:12]}",
        declared_version=spec.version,
        content_sha256=digest,
        source=file,
        allow_default_tenant=spec.allow_default_tenant,
        routes=routes,
    )


def load_policy(path: str | Path) -> CompiledPolicy:
    """Load `<dir>/<tenant>.yaml`; the tenant is the file name's stem."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot read policy: {exc.strerror}", file=str(path)) from exc
    return parse_policy(text, file=str(path), tenant=path.stem, base_dir=path.parent)


class _Compiler:
    def __init__(self, spec: TenantPolicy, *, tenant: str, locator: _Locator, base_dir: Path) -> None:
        self.spec, self.tenant, self.locator, self.base_dir = spec, tenant, locator, base_dir

    def route(self, name: str | None) -> RoutePolicy:
        spec = self.spec
        route = spec.routes[name] if name is not None else None
        tenant_path = f"tenants.{self.tenant}"
        route_path = f"{tenant_path}.routes.{name}"
        detectors = (
            {d: True for d in DETECTORS} | dict(spec.detectors) | (dict(route.detectors) if route else {})
        )
        prompts = [(("system_prompts", i), p) for i, p in enumerate(spec.system_prompts)]
        if route:
            prompts += [
                (("routes", name, "system_prompts", i), p) for i, p in enumerate(route.system_prompts)
            ]
        allow = {k: (("allow_list", k), v, tenant_path) for k, v in spec.allow_list.items()}
        if route:
            allow.update(
                {k: (("routes", name, "allow_list", k), v, route_path) for k, v in route.allow_list.items()}
            )
        return RoutePolicy(
            tenant=self.tenant,
            route=name or TENANT_SCOPE,
            mode=(route.mode if route and route.mode else spec.mode),
            detectors=frozenset(d for d, on in detectors.items() if on),
            rules={label: self._resolve(label, label_category(label), name) for label in ALL_LABELS},
            category_rules={c: self._resolve(None, c, name) for c in CATEGORIES},
            allow={
                k: AllowMatcher.build(v.values, v.patterns, v.ignore_case, f"{path}.allow_list.{k}")
                for k, (_, v, path) in allow.items()
            },
            system_prompts=tuple(self._prompt(loc, p) for loc, p in prompts),
            store_text=spec.store_text,
            retention_days=spec.retention_days,
            audit_fail_open=spec.audit_fail_open,
        )

    def _layers(self, label: str | None, category: str, route: str | None):
        """(rule, policy path, loc) from most to least specific."""
        spec, t = self.spec, f"tenants.{self.tenant}"
        r = spec.routes[route] if route else None
        layers = []
        if label and r and label in r.labels:
            layers.append(
                (r.labels[label], f"{t}.routes.{route}.labels.{label}", ("routes", route, "labels", label))
            )
        if label and label in spec.labels:
            layers.append((spec.labels[label], f"{t}.labels.{label}", ("labels", label)))
        if r and category in r.defaults:
            layers.append(
                (
                    r.defaults[category],
                    f"{t}.routes.{route}.defaults.{category}",
                    ("routes", route, "defaults", category),
                )
            )
        if category in spec.defaults:
            layers.append((spec.defaults[category], f"{t}.defaults.{category}", ("defaults", category)))
        threshold, action = BUILTIN_DEFAULTS[category]
        layers.append(
            (Rule(threshold=threshold, action=action.value.lower()), f"builtin.defaults.{category}", ())
        )
        return layers

    def _resolve(self, label: str | None, category: str, route: str | None) -> ResolvedRule:
        layers = self._layers(label, category, route)
        threshold = next(rule.threshold for rule, _, _ in layers if rule.threshold is not None)
        action_rule, path = next((rule, path) for rule, path, _ in layers if rule.action is not None)
        operator = next(((rule.operator, loc) for rule, _, loc in layers if rule.operator is not None), None)
        op = self._operator(*operator) if operator else Replace()
        context = next((rule.context for rule, _, _ in layers if rule.context is not None), "any")
        public = next((rule.public for rule, _, _ in layers if rule.public is not None), "act")
        refusal = next((rule.refusal for rule, _, _ in layers if rule.refusal is not None), "act")
        return ResolvedRule(
            threshold=threshold,
            action=Action.parse(action_rule.action),
            operator=op,
            rule=path,
            context=context,
            public=public,
            refusal=refusal,
        )

    def _operator(self, spec, loc: tuple) -> AnyOperator:
        if isinstance(spec, MaskSpec):
            return Mask(char=spec.char, keep_format=spec.keep_format)
        if isinstance(spec, ReplaceSpec):
            return Replace(template=spec.template)
        if isinstance(spec, KeepLastSpec):
            return KeepLast(n=spec.n, char=spec.char)
        if isinstance(spec, RemoveSpec):
            return Remove()
        assert isinstance(spec, HashSpec)
        return Hash(salt=self._salt(spec, (*loc, "operator")), length=spec.length)

    def _salt(self, spec: HashSpec, loc: tuple) -> bytes:
        if spec.salt_file:
            path = self.base_dir / spec.salt_file
            try:
                salt = path.read_bytes().strip()
            except OSError as exc:
                raise self.locator.error(
                    (*loc, "salt_file"), f"cannot read salt file {str(path)!r}: {exc.strerror}"
                ) from exc
        else:
            salt = os.environ.get(spec.salt_env or "", "").encode("utf-8")
            if not salt:
                raise self.locator.error(
                    (*loc, "salt_env"), f"environment variable {spec.salt_env!r} is not set or empty"
                )
        if len(salt) < 16:
            raise self.locator.error(loc, "the hash salt must be at least 16 bytes")
        return salt

    def _prompt(self, loc: tuple, prompt) -> str:
        if not isinstance(prompt, PromptFile):
            return prompt
        path = self.base_dir / prompt.file
        try:
            return path.read_text(encoding="utf-8")
        except OSError as exc:
            raise self.locator.error(
                (*loc, "file"), f"cannot read system prompt {str(path)!r}: {exc.strerror}"
            ) from exc
