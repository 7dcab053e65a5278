"""Deployment, checked offline: `sam validate --lint` passes and the template
is least-privilege with SnapStart; `sam build` builds the function through
the Makefile (`backcare package --lambda`) into an artifact that holds only
runtime code, wheels for the target CPU and Python 3.13 bytecode; the same
build for this machine's CPU imports and answers a request in a fresh
Python 3.13 that sees nothing else; lambda/ never imports backcare_tools;
the ASK CLI package matches the sources; and a studio's folder from
`backcare init` builds a function that speaks for the studio."""

from __future__ import annotations

import ast
import importlib.util
import json
import os
import subprocess
import sys
import sysconfig
from pathlib import Path
from typing import Any

import pytest

from backcare_tools.lambda_artifact import find_python, read_template
from tests.conftest import ROOT

VENV_BIN = Path(sys.executable).parent
SAM = VENV_BIN.parent / "sam" / "bin" / "sam"  # the README's set-up installs it here
BUILD_TIMEOUT = 600  # pip may download the wheels on a fresh machine


def template() -> dict[str, Any]:
    return read_template(ROOT)


def sam(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    if not SAM.is_file():
        pytest.fail(f"{SAM} is missing: run the README's set-up command")
    env = {
        **os.environ,
        "SAM_CLI_TELEMETRY": "0",
        "AWS_DEFAULT_REGION": "us-east-1",  # sam wants one; nothing reaches AWS
        "PATH": os.pathsep.join([str(VENV_BIN), os.environ.get("PATH", "")]),
        "BACKCARE": str(VENV_BIN / "backcare"),
    }
    return subprocess.run(
        [str(SAM), *args], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )


def test_sam_validate_lint_is_clean() -> None:
    result = sam("validate", "--lint", "--template-file", str(ROOT / "template.yaml"))
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
    assert function["Runtime"] == "python3.13"  # the bytecode is made by 3.13
    assert function["SnapStart"] == {"ApplyOn": "PublishedVersions"}
    assert function["AutoPublishAlias"] == "live"
    metadata = template()["Resources"]["SkillFunction"]["Metadata"]
    assert metadata["BuildMethod"] == "makefile"
    env = function["Environment"]["Variables"]
    assert (
        "dynamodb://" in env["BACKCARE_STORE"]["Sub"]
        and "endpoint" not in env["BACKCARE_STORE"]["Sub"]
    )
    assert env["BACKCARE_SKILL_ID"] == {"Ref": "SkillId"}
    # The log key is the given one or a generated secret, never the skill id.
    (_, given, generated) = env["BACKCARE_LOG_KEY"]["If"]
    assert given == {"Ref": "LogKey"} and "LogKeySecret" in generated["Sub"]
    assert "SkillId" not in json.dumps(env["BACKCARE_LOG_KEY"])
    assert function["Events"]["Alexa"] == {
        "Type": "AlexaSkill",
        "Properties": {"SkillId": {"Ref": "SkillId"}},
    }


def _client_calls(module: Path) -> set[str]:
    """The DynamoDB API actions a module calls, as `self.client.<action>(...)`,
    outside `_create_table` (local servers only; the stack makes the table)."""
    tree = ast.parse(module.read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef):
            node.body = [
                f
                for f in node.body
                if not (isinstance(f, ast.FunctionDef) and f.name == "_create_table")
            ]
    calls = set()
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Attribute)
            and node.func.value.attr == "client"
        ):
            calls.add("dynamodb:" + "".join(w.title() for w in node.func.attr.split("_")))
    return calls


def test_role_allows_exactly_the_item_actions_the_store_calls() -> None:
    policies = template()["Resources"]["SkillFunction"]["Properties"]["Policies"]
    (policy,) = policies
    (statement,) = policy["Statement"]
    called = _client_calls(ROOT / "lambda" / "backcare" / "store" / "dynamodb.py")
    # A missing action fails every such write in production with AccessDenied.
    assert called >= {"dynamodb:GetItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"}
    assert set(statement["Action"]) == called
    assert statement["Resource"] == {"GetAtt": "UserTable.Arn"}


def test_deletion_markers_expire_by_the_tables_time_to_live() -> None:
    from backcare.store.dynamodb import EXPIRES

    table = template()["Resources"]["UserTable"]["Properties"]
    assert table["TimeToLiveSpecification"] == {"AttributeName": EXPIRES, "Enabled": True}


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


# The artifact, built as `sam build` builds it.


@pytest.fixture(scope="module")
def sam_built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("sam-build")
    result = sam("build", "--template-file", str(ROOT / "template.yaml"), "--build-dir", str(out))
    assert result.returncode == 0, result.stdout + result.stderr
    return out / "SkillFunction"


def _pyc_flags(pyc: Path) -> int:
    header = pyc.read_bytes()[:8]
    assert header[:4] == MAGIC_313, f"{pyc.name} was not compiled by Python 3.13"
    return int.from_bytes(header[4:8], "little")


MAGIC_313 = (3571).to_bytes(2, "little") + b"\r\n"


@pytest.mark.timeout(BUILD_TIMEOUT)
def test_sam_build_makes_the_artifact(sam_built: Path) -> None:
    artifact = sam_built
    assert (artifact / "lambda_function.py").is_file()
    assert (artifact / "backcare" / "content" / "en-US" / "routines.yaml").is_file()
    assert (artifact / "backcare" / "business" / "sample_profile.yaml").is_file()
    tops = {p.name for p in artifact.iterdir()}
    assert not tops & {"backcare_tools", "tests", "bench", "tools", "flask", "waitress", "bin"}
    assert {"ask_sdk_core", "boto3", "msgspec", "yaml"} <= tops
    # Wheels for the template's CPU, never this machine's.
    libraries = [p.name for p in artifact.rglob("*.so")]
    assert libraries and all("cpython-313-aarch64-linux-gnu" in name for name in libraries)
    # Every module has Python 3.13 bytecode that is never checked against the
    # source (Lambda's folder is read-only and the zip's times are not kept).
    sources = [p for p in artifact.rglob("*.py")]
    assert len(sources) > 500
    for source in sources:
        pyc = Path(importlib.util.cache_from_source(str(source)))
        pyc = pyc.with_name(pyc.name.replace(sys.implementation.cache_tag, "cpython-313"))
        assert pyc.is_file(), f"no bytecode for {source.relative_to(artifact)}"
        assert _pyc_flags(pyc) == 0b01, f"{pyc.name} is not unchecked-hash"
    assert not any("__pycache__" in p.parts for p in (ROOT / "lambda").rglob("*.cpython-313.pyc"))


@pytest.fixture(scope="module")
def host_artifact(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same build for this machine's CPU, so it can run here."""
    out = tmp_path_factory.mktemp("host") / "function"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "backcare_tools.cli",
            "package",
            "--lambda",
            str(out),
            "--architecture",
            "x86_64",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return out


HANDLER_CHECK = """
import json, sys, importlib.util
sys.path[:0] = [sys.argv[1]]
import lambda_function
reply = lambda_function.lambda_handler(json.loads(sys.argv[2]), None)
ours = [m for m in list(sys.modules.values())
        if (getattr(m, "__file__", "") or "").startswith(sys.argv[1])]
compiled_here = [m.__name__ for m in ours if m.__file__.endswith(".py")
                 and not __import__("os").path.exists(importlib.util.cache_from_source(m.__file__))]
outside = sorted({m.__name__.split(".")[0] for m in sys.modules.values()
                  if "site-packages" in (getattr(m, "__file__", "") or "")})
print(json.dumps({"reply": reply, "modules": len(ours), "compiled_here": compiled_here,
                  "outside": outside}))
"""


@pytest.mark.timeout(BUILD_TIMEOUT)
def test_the_artifact_answers_in_a_fresh_python_313(host_artifact: Path) -> None:
    from tests.test_web import _one_event

    python, event = find_python("3.13"), json.dumps(_one_event())
    # -I: no user site, no PYTHONPATH; -S: no site-packages; -B: never writes
    # bytecode, as on Lambda's read-only folder.
    result = subprocess.run(
        [python, "-I", "-S", "-B", "-c", HANDLER_CHECK, str(host_artifact), event],
        env={"BACKCARE_STORE": "memory://", "AWS_LAMBDA_FUNCTION_NAME": "test", "PATH": ""},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout.strip().splitlines()[-1])
    assert "Welcome to Back Care Coach" in out["reply"]["response"]["outputSpeech"]["ssml"]
    assert out["modules"] > 50 and out["compiled_here"] == []
    assert out["outside"] == []
    assert json.loads(result.stderr.strip().splitlines()[-1])["level"] == "INFO"  # JSON logs


def test_snapstart_restores_get_a_new_random_seed(tmp_path: Path) -> None:
    stub = tmp_path / "snapshot_restore_py.py"
    stub.write_text("hooks = []\ndef register_after_restore(f, *a): hooks.append(f)\n")
    code = (
        "import lambda_function, snapshot_restore_py, random\n"
        "print(snapshot_restore_py.hooks == [random.seed])\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT / "lambda",
        env={**os.environ, "BACKCARE_STORE": "memory://", "PYTHONPATH": str(tmp_path)},
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == "True"


def test_package_lambda_refuses_a_folder_that_is_not_a_build(tmp_path: Path) -> None:
    (tmp_path / "precious.txt").write_text("keep me")
    result = subprocess.run(
        [sys.executable, "-m", "backcare_tools.cli", "package", "--lambda", str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1 and "not empty" in result.stderr
    assert (tmp_path / "precious.txt").read_text() == "keep me"


def test_package_for_the_ask_cli(tmp_path: Path) -> None:
    out = tmp_path / "skill-package"
    arn = "arn:aws:lambda:us-east-1:123456789012:function:back-care-coach:live"
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


@pytest.mark.timeout(BUILD_TIMEOUT)
def test_a_studio_folder_builds_a_function_that_speaks_for_the_studio(tmp_path: Path) -> None:
    """`backcare init`'s folder, built as its Makefile builds it (for this
    CPU), answers in a fresh Python 3.13 with BACKCARE_BUSINESS as its
    template sets it, from Lambda's working folder: the studio's name."""
    from tests.test_init import flags
    from tests.test_web import _one_event

    studio, out = tmp_path / "harbour", tmp_path / "function"
    cli = [sys.executable, "-m", "backcare_tools.cli"]
    made = subprocess.run(
        [*cli, "init", str(studio), *flags()], capture_output=True, text=True, check=False
    )
    assert made.returncode == 0, made.stdout + made.stderr
    build = ["package", "--lambda", str(out), "--root", ".", "--business", "business.yaml"]
    built = subprocess.run(
        [*cli, *build, "--architecture", "x86_64"],
        cwd=studio,
        capture_output=True,
        text=True,
        check=False,
    )
    assert built.returncode == 0, built.stderr
    parameters = read_template(studio)["Parameters"]
    python, event = find_python("3.13"), json.dumps(_one_event())
    result = subprocess.run(
        [python, "-I", "-S", "-B", "-c", HANDLER_CHECK, str(out), event],
        cwd=out,
        env={
            "BACKCARE_STORE": "memory://",
            "BACKCARE_BUSINESS": parameters["BusinessProfile"]["Default"],
            "AWS_LAMBDA_FUNCTION_NAME": "test",
            "PATH": "",
        },
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    reply = json.loads(result.stdout.strip().splitlines()[-1])["reply"]
    assert "Welcome to Harbour Massage Back Care" in reply["response"]["outputSpeech"]["ssml"]
