"""Deployment files: the SAM template lints clean and is least-privilege,
Lambda installs the same pins and gets only the skill's runtime code (lambda/,
which never imports backcare_tools), and the ASK CLI package matches the
sources."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
import sysconfig
from pathlib import Path
from typing import Any

import yaml

from tests.conftest import ROOT


class _CfnLoader(yaml.SafeLoader):
    """Reads CloudFormation short-form tags (!Ref, !Sub...) as plain values."""


def _tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return {suffix: loader.construct_scalar(node)}
    if isinstance(node, yaml.SequenceNode):
        return {suffix: loader.construct_sequence(node)}
    return {suffix: loader.construct_mapping(node)}  # type: ignore[arg-type]


_CfnLoader.add_multi_constructor("!", _tag)


def template() -> dict[str, Any]:
    data: dict[str, Any] = yaml.load((ROOT / "template.yaml").read_text(), Loader=_CfnLoader)
    return data


def test_cfn_lint_is_clean() -> None:
    result = subprocess.run(
        [str(Path(sys.executable).with_name("cfn-lint")), str(ROOT / "template.yaml")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_table_and_function_settings() -> None:
    resources = template()["Resources"]
    table = resources["UserTable"]["Properties"]
    assert table["BillingMode"] == "PAY_PER_REQUEST"
    assert table["PointInTimeRecoverySpecification"]["PointInTimeRecoveryEnabled"] is True
    assert table["SSESpecification"]["SSEEnabled"] is True
    assert table["KeySchema"] == [{"AttributeName": "id", "KeyType": "HASH"}]
    function = resources["SkillFunction"]["Properties"]
    assert function["Handler"] == "lambda_function.lambda_handler"
    assert function["CodeUri"] == "lambda/"
    assert function["Timeout"] < 8
    assert function["Runtime"].startswith("python3.")
    env = function["Environment"]["Variables"]
    assert (
        "dynamodb://" in env["BACKCARE_STORE"]["Sub"]
        and "endpoint" not in env["BACKCARE_STORE"]["Sub"]
    )
    assert env["BACKCARE_SKILL_ID"] == {"Ref": "SkillId"}
    assert function["Events"]["Alexa"] == {
        "Type": "AlexaSkill",
        "Properties": {"SkillId": {"Ref": "SkillId"}},
    }


def test_role_allows_only_item_actions_on_the_table() -> None:
    policies = template()["Resources"]["SkillFunction"]["Properties"]["Policies"]
    (policy,) = policies
    (statement,) = policy["Statement"]
    assert set(statement["Action"]) == {
        "dynamodb:GetItem",
        "dynamodb:PutItem",
        "dynamodb:DeleteItem",
    }
    assert statement["Resource"] == {"GetAtt": "UserTable.Arn"}


def test_lambda_installs_the_same_pins() -> None:
    assert (ROOT / "lambda" / "requirements.txt").read_text() == (
        ROOT / "requirements.txt"
    ).read_text()
    pins = [
        line
        for line in (ROOT / "requirements.txt").read_text().splitlines()
        if line and not line.startswith("#")
    ]
    assert pins and all("==" in line for line in pins)


LAMBDA = ROOT / "lambda"
TOOLS = {"cli", "console", "devtools", "bench", "web", "packaging", "interaction_model"}


def lambda_modules() -> list[Path]:
    return sorted(p for p in LAMBDA.rglob("*.py") if "__pycache__" not in p.parts)


def test_lambda_holds_only_runtime_code() -> None:
    modules = lambda_modules()
    assert LAMBDA / "lambda_function.py" in modules
    tools = [p for p in modules if TOOLS & set(p.relative_to(LAMBDA).with_suffix("").parts)]
    assert tools == []


def test_lambda_code_never_imports_the_tools() -> None:
    found = []
    for path in lambda_modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and not node.level:
                names = [node.module or ""]
            else:
                continue
            found += [
                f"{path.relative_to(ROOT)}:{node.lineno} {name}"
                for name in names
                if name.split(".")[0] == "backcare_tools"
            ]
    assert found == []


def test_lambda_function_imports_with_lambda_folder_alone() -> None:
    # -S: no site processing, so the editable install's finder (which maps
    # backcare_tools) is not there; sys.path is lambda/ and the installed
    # third-party packages, as on Lambda.
    paths = sysconfig.get_paths()
    code = (
        "import json, sys\n"
        "import lambda_function\n"
        "roots = ('backcare_tools', 'flask', 'flask_ask_sdk', 'waitress')\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in roots)\n"
        "print(json.dumps({'loaded': loaded, 'backcare': sys.modules['backcare'].__file__,\n"
        "                  'handler': callable(lambda_function.lambda_handler)}))\n"
    )
    out = subprocess.run(
        [sys.executable, "-S", "-c", code],
        cwd=LAMBDA,
        env={
            "BACKCARE_STORE": "memory://",
            "PATH": "",
            "PYTHONPATH": os.pathsep.join([str(LAMBDA), paths["purelib"], paths["platlib"]]),
        },
        capture_output=True,
        text=True,
        check=False,
    )
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)
    assert result["loaded"] == []
    assert Path(result["backcare"]).is_relative_to(LAMBDA / "backcare")
    assert result["handler"] is True


def test_package_for_the_ask_cli(tmp_path: Path) -> None:
    out = tmp_path / "skill-package"
    arn = "arn:aws:lambda:us-east-1:123456789012:function:back-care-coach"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "backcare_tools.cli",
            "package",
            "--out",
            str(out),
            "--endpoint",
            arn,
        ],
        check=True,
        capture_output=True,
    )
    manifest = json.loads((out / "skill.json").read_text())
    source = json.loads((ROOT / "skill.json").read_text())
    assert manifest["manifest"]["apis"]["custom"]["endpoint"]["uri"] == arn
    assert manifest["manifest"]["events"]["endpoint"]["uri"] == arn
    source["manifest"]["apis"]["custom"]["endpoint"]["uri"] = arn
    source["manifest"]["events"]["endpoint"]["uri"] = arn
    assert manifest == source
    model = out / "interactionModels" / "custom" / "en-US.json"
    assert model.read_text() == (ROOT / "interaction_models" / "en-US.json").read_text()
    resources = json.loads((ROOT / "ask-resources.json").read_text())
    assert resources["profiles"]["default"]["skillMetadata"]["src"] == "./skill-package"


def test_package_refuses_a_bad_endpoint(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "backcare_tools.cli",
            "package",
            "--out",
            str(tmp_path / "p"),
            "--endpoint",
            "http://plain.example.com",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1 and "endpoint" in result.stderr


def test_loadtest_refuses_other_hosts() -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "backcare_tools.cli",
            "loadtest",
            "--url",
            "http://10.1.2.3:80/",
            "--seconds",
            "1",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2 and "loopback" in result.stderr
