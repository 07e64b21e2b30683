"""`verdict policy check FILE...`: validate policy files and print what each route enforces."""

from __future__ import annotations

import argparse
import sys

from verdict.runtime.errors import ConfigError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="+", metavar="FILE", help="policy files (<tenant>.yaml)")
    parser.add_argument("--quiet", "-q", action="store_true", help="print errors only")


def run(args: argparse.Namespace) -> int:
    from verdict.governance.policy.actions import ACTING
    from verdict.governance.policy.compiled import ALL_LABELS, TENANT_SCOPE
    from verdict.governance.policy.loader import load_policy

    failed = 0
    for file in args.files:
        try:
            policy = load_policy(file)
        except ConfigError as exc:
            print(f"error: {exc}", file=sys.stderr)
            failed += 1
            continue
        print(f"ok: {file}: tenant {policy.tenant}, version {policy.version}")
        if args.quiet:
            continue
        fail_open = policy.route(TENANT_SCOPE).audit_fail_open
        if fail_open is not None:
            print(
                f"  audit store unavailable: {'answer anyway' if fail_open else 'refuse'} (audit_fail_open)"
            )
        for name, route in sorted(policy.routes.items(), key=lambda kv: kv[0] != TENANT_SCOPE):
            label = "(tenant defaults)" if name == TENANT_SCOPE else f"route {name}"
            print(f"  {label}: mode {route.mode}, detectors {', '.join(sorted(route.detectors))}")
            for action in ACTING:
                names = [
                    f"{lbl}@{r.threshold:g}" for lbl in ALL_LABELS if (r := route.rules[lbl]).action is action
                ]
                print(f"    {action.value}: {' '.join(names) or '-'}")
            if route.allow:
                print(f"    allow-listed: {', '.join(sorted(route.allow))}")
            if route.system_prompts:
                print(f"    protected system prompts: {len(route.system_prompts)}")
    return 1 if failed else 0
