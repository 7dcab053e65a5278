"""`backcare chat | parse | serve | models | ...`: the console, its understanding,
the web service, the interaction model."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path
from urllib.parse import urlparse

from backcare.content.regions import regions
from backcare.settings import SettingsError

from .devtools.echo_show import VIEWPORT_NAMES
from .paths import REPO_ROOT

MARKETS = tuple(regions())  # the English markets (content/regions.yaml)
# The time zone a console device in each market reports (a city of it)
DEVICE_ZONES = {
    "en-US": "America/New_York",
    "en-CA": "America/Toronto",
    "en-GB": "Europe/London",
    "en-AU": "Australia/Sydney",
    "en-IN": "Asia/Kolkata",
}


def _chat(args: argparse.Namespace) -> int:
    from backcare.settings import Settings
    from backcare.skill import build_skill, lambda_handler_for

    from .console.chat import Console, load_model, stdin_lines
    from .console.device import Device
    from .devtools.echo_show import screen_kwargs
    from .interaction_model import build

    settings = Settings.from_env()
    if args.store:
        settings = Settings(
            args.store, settings.skill_id, settings.business_path, settings.log_level
        )
    handler = lambda_handler_for(build_skill(settings))
    model_file = REPO_ROOT / "interaction_models" / f"{args.locale}.json"
    model = load_model(str(model_file)) if model_file.is_file() else build(args.locale)
    device = Device(
        invoke=lambda event: handler(event, None),
        user_id=args.user,
        locale=args.locale,
        **(screen_kwargs(args.screen) if args.screen else {}),
    )
    if args.alexa_api:
        zone = DEVICE_ZONES.get(args.locale, "") if args.time_zone is None else args.time_zone
        start_stand_in(device, zone, quiet=args.quiet)
    if settings.skill_id:
        device.skill_id = settings.skill_id
    if not args.quiet:
        print(f"[store: {settings.store_url}]", file=sys.stderr)
    Console(device, model, sys.stdout, screen=bool(args.screen)).run(
        stdin_lines(), prompt=sys.stdin.isatty()
    )
    return 0


def start_stand_in(device: object, time_zone: str, quiet: bool = False) -> None:
    """Point the console's device at a local Alexa-API stand-in (reminders,
    time zone) over HTTPS that this process trusts."""
    import os

    from backcare import api_client

    from .console.device import Device
    from .devtools.alexa_api import AlexaApiServer, StandIn

    assert isinstance(device, Device)
    server = AlexaApiServer(StandIn(time_zone=time_zone or None)).start()
    # The stand-in answers from this very process: on a busy machine it can
    # take longer than the skill's 2 s limit for Amazon's API, which would
    # make the console report failures no device would see.
    api_client.CONNECT_SECONDS = api_client.READ_SECONDS = 6.0
    os.environ["REQUESTS_CA_BUNDLE"] = str(server.tls.ca_file)
    device.api_endpoint = server.url
    device.api_token = server.state.token
    if not quiet:
        print(
            f"[alexa api stand-in: {server.url}, device time zone {time_zone or 'unset'}]",
            file=sys.stderr,
        )


def _serve(args: argparse.Namespace) -> int:
    from .web.app import Limits, serve

    limits = Limits(
        threads=args.threads,
        connection_limit=args.connection_limit,
        channel_timeout=args.channel_timeout,
    )
    return serve(host=args.host, port=args.port, verify=not args.no_verify, limits=limits)


def _models(args: argparse.Namespace) -> int:
    from .interaction_model import stale, write_all

    root = Path(args.root)
    if args.action == "eval":
        return _evaluate(root, args)
    if args.action == "blind":
        return _blind(root, args)
    if args.action == "build":
        for path in write_all(root):
            print(f"wrote {path}")
        return 0
    if args.action == "train":
        from .understanding_train import train

        meta = train(root)
        print(f"trained on {meta['trained_on']}; wrote lambda/backcare/understanding/model/")
        return 0
    from .understanding_train import stale_inputs

    out_of_date = stale(root)
    if stale_inputs(root):
        print(
            "the understanding's classifier is out of date (run: backcare models train)",
            file=sys.stderr,
        )
        return 1
    if out_of_date:
        print(
            "interaction model out of date for: "
            + ", ".join(out_of_date)
            + " (run: backcare models build)",
            file=sys.stderr,
        )
        return 1
    print("interaction models match their source")
    return 0


def _evaluate(root: Path, args: argparse.Namespace) -> int:
    from datetime import date

    from .console.chat import load_model
    from .console.nlu import Nlu
    from .evaluation import evaluate, read_phrases
    from .interaction_model import model_path

    nlu = Nlu(load_model(str(model_path(root, args.locale))))
    folder = root / "tests" / "nlu"
    phrases = read_phrases(Path(args.set) if args.set else folder / "eval.yaml")
    safety = [] if args.set else read_phrases(folder / "safety.yaml")
    report = evaluate(nlu, phrases, safety, today=date.fromisoformat(args.today))
    report.write(sys.stdout, misses=not args.quiet, model_misses=args.model_misses)
    return 1 if report.failures() else 0


def _blind(root: Path, args: argparse.Namespace) -> int:
    from datetime import date

    from .blind import run
    from .console.chat import load_model
    from .console.nlu import Nlu
    from .interaction_model import model_path

    if not args.set:
        print("blind: name the blind set with --set FILE", file=sys.stderr)
        return 2
    nlu = Nlu(load_model(str(model_path(root, args.locale))))
    run(Path(args.set), nlu, date.fromisoformat(args.today), sys.stdout, misses=not args.quiet)
    return 0


def _sources(args: argparse.Namespace) -> int:
    from .sources import DOCS_FILE, stale, write

    root = Path(args.root)
    if args.action == "build":
        print(f"wrote {write(root)}")
        return 0
    if stale(root):
        print(f"{DOCS_FILE} out of date (run: backcare sources build)", file=sys.stderr)
        return 1
    print(f"{DOCS_FILE} matches its source")
    return 0


def _parse(args: argparse.Namespace) -> int:
    import json
    from datetime import date

    from .blind import Blind
    from .console.chat import load_model
    from .console.nlu import Nlu
    from .interaction_model import build, model_path

    path = model_path(REPO_ROOT, args.locale)
    nlu = Nlu(load_model(str(path)) if path.is_file() else build(args.locale))
    today = date.fromisoformat(args.today) if args.today else date.today()
    hearing = Blind(nlu, today)
    for line in sys.stdin:
        text = line.rstrip("\n")
        if not text.strip():
            continue
        parsed = hearing.hear(text, args.state)
        slots = {name: fill.resolved_id or fill.value for name, fill in parsed.slots.items()}
        out: dict[str, object] = {"text": text, "intent": parsed.intent, "slots": slots}
        if args.explain:
            sent = nlu.alexa(text, today)
            out["alexa_sent"] = sent.intent
            out["how"] = parsed.how
            seen = parsed.understood
            if seen is not None:
                out["read_as"] = seen.skeleton
                out["candidates"] = [[name, round(p, 3)] for name, p in seen.candidates]
                if seen.then is not None:  # a second request, answered after
                    out["then"] = seen.then.intent
        print(json.dumps(out), flush=True)
    return 0


def _transcripts(args: argparse.Namespace) -> int:
    import json

    from .transcripts import readme
    from .transcripts.approval import approve, difference, strays
    from .transcripts.render import render_all
    from .transcripts.scripts import load_scripts
    from .transcripts.stats import figures, report

    scripts = load_scripts()
    chosen = [s for s in scripts if not args.names or s.name in args.names]
    unknown = set(args.names) - {s.name for s in scripts}
    if unknown:
        print(
            f"backcare transcripts: no conversation {', '.join(sorted(unknown))}", file=sys.stderr
        )
        return 2
    rendered = render_all(chosen)
    if args.action == "render":
        for transcript in rendered.values():
            print(transcript.text())
        return 0
    if args.action == "stats":
        fig = figures(rendered)
        print(json.dumps(fig.as_dict(), indent=1) if args.json else report(fig))
        return 0
    if args.action == "approve":
        for transcript in rendered.values():
            if approve(transcript):
                print(f"approved {transcript.script.name}")
        if readme.write():
            print("rendered the console sample into README.md")
        return 0
    failed = 0
    for transcript in rendered.values():
        diff = difference(transcript)
        if diff:
            failed += 1
            print(diff)
    left = [] if args.names else strays(set(rendered))
    for path in left:
        print(f"{path.name}: no conversation in scripts.yaml renders it")
    drifted = readme.stale()
    if drifted:
        print("README.md: its console sample differs from readme_console.txt (approve renders it)")
    print(
        f"{failed} of {len(rendered)} renderings differ from their approved file", file=sys.stderr
    )
    return 1 if failed or left or drifted else 0


def _package(args: argparse.Namespace) -> int:
    from .packaging import PackageError, build_package

    if args.check:
        return _certify(Path(args.root))
    if args.lambda_dir:
        return _package_lambda(args)
    try:
        written = build_package(Path(args.root), Path(args.out), args.endpoint)
    except PackageError as err:
        print(f"backcare package: {err}", file=sys.stderr)
        return 1
    for path in written:
        print(f"wrote {path}")
    return 0


def _certify(root: Path) -> int:
    from .certify import check

    findings = check(root)
    for finding in findings:
        print(finding.line())
    failed = [f for f in findings if not f.ok]
    print(f"{len(findings) - len(failed)} of {len(findings)} rules pass")
    return 1 if failed else 0


def _package_lambda(args: argparse.Namespace) -> int:
    from .lambda_artifact import ArtifactError, build_lambda

    out = Path(args.lambda_dir)
    try:
        business = Path(args.business) if args.business else None
        target = build_lambda(out, Path(args.root), args.architecture, args.python, business)
    except ArtifactError as err:
        print(f"backcare package: {err}", file=sys.stderr)
        return 1
    print(f"built {out} for {target.runtime} on {target.architecture}")
    return 0


def _init(args: argparse.Namespace) -> int:
    from datetime import date

    from .certify import check
    from .studio import InitError
    from .studio.business import ASKED, OPTIONAL, Given
    from .studio.init import Request, init, summary
    from .studio.prompting import Asker

    flags = {field.key: getattr(args, field.key) for field in (*ASKED, *OPTIONAL)}
    request = Request(
        folder=Path(args.dir),
        invocation=args.invocation,
        locales=args.locales,
        given=Given(
            profile=Path(args.profile) if args.profile else None,
            values={key: value for key, value in flags.items() if value is not None},
            health_data=args.health_data,
        ),
        skill_id=args.skill_id,
        endpoint=args.endpoint,
        small_icon=args.small_icon,
        large_icon=args.large_icon,
    )
    try:
        made = init(request, Asker.at_terminal(), date.today())
    except InitError as err:
        print(f"backcare init: {' '.join(str(err).split())}", file=sys.stderr)
        return 2
    except OSError as err:
        print(f"backcare init: {err}", file=sys.stderr)
        return 1
    findings = check(made.folder)
    print(summary(made, findings), end="")
    return 0 if all(f.ok for f in findings) else 1


def _loadtest(args: argparse.Namespace) -> int:
    import json

    from .devtools.load import run

    host = urlparse(args.url).hostname or ""
    if host not in ("127.0.0.1", "localhost", "::1"):
        print("backcare loadtest: only loopback addresses may be targeted", file=sys.stderr)
        return 2
    result = run(args.url, clients=args.clients, seconds=args.seconds, envelopes=args.envelopes)
    print(json.dumps(result.summary()))
    return 0 if result.errors == 0 else 1


def _bench(args: argparse.Namespace) -> int:
    from .bench.run import Settings
    from .bench.run import main as bench_main
    from .devtools.local_dynamodb import MissingServerError
    from .lambda_artifact import ArtifactError

    settings = Settings(
        cold_runs=args.cold_runs,
        rounds=args.rounds,
        turns=args.turns,
        seconds=args.seconds,
        clients=args.clients,
        threads=tuple(int(t) for t in args.threads.split(",")),
    )
    command = " ".join(["backcare", *sys.argv[1:]]) if sys.argv[1:] else "backcare bench"
    try:
        return bench_main(settings, command=command, doc=args.doc)
    except (MissingServerError, ArtifactError) as err:
        print(f"backcare bench: {err}", file=sys.stderr)
        return 2


def _add_transcripts(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    transcripts = sub.add_parser(
        "transcripts",
        help="render, check, approve or measure the transcript corpus",
        description="Render the conversations in tests/transcripts/scripts.yaml through the "
        "real skill as `backcare chat` would (the console's understanding, full envelopes, "
        "an in-memory store, a fixed clock from Wednesday 14 January 2026 9 AM New York, "
        "fixed ids, the local Alexa-API stand-in). render: print them. check: exit 1 with a "
        "unified diff for each rendering that differs from its approved file "
        "tests/transcripts/<name>.txt. approve: write the renderings as the approved files "
        "(review the diff first: it is the change of wording). stats: words per kind of "
        "reply (median, 90th percentile, max, how many over 40) and repetition (the "
        "sentences and endings said most, sentences said again in the next reply). "
        "pytest runs the check (tests/test_transcripts.py); BACKCARE_APPROVE=1 pytest "
        "approves instead.",
    )
    transcripts.add_argument("action", choices=["render", "check", "approve", "stats"])
    transcripts.add_argument("names", nargs="*", help="only these conversations")
    transcripts.add_argument("--json", action="store_true", help="stats: as JSON")
    transcripts.set_defaults(func=_transcripts)


def _add_init(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:

    init = sub.add_parser(
        "init",
        help="make DIR, a deployable skill for one studio (its profile, package, stack, "
        "privacy page)",
        description="Write DIR (new, or empty): business.yaml (the business profile: "
        "--profile FILE, else the sample with your name, phone, booking page, time zone and "
        "pages; flags override its fields), skill-package/ (the manifest named and described "
        "for the business, its privacy and terms pages, its countries, and each locale's "
        "interaction model with the invocation name), template.yaml, Makefile and lambda/ "
        "(sam build && sam deploy from DIR; the build puts the profile in the function's "
        "code), ask-resources.json, and privacy.md and privacy.html (the privacy policy from "
        "what the skill stores for this profile). A field still missing or the sample's is "
        "asked for at a terminal; otherwise it is an error naming the field. Bad input: one "
        "error line, exit 2, nothing written. Then the offline certification check runs on "
        "DIR (exit 1 on a failure) and the next steps are printed.",
    )
    init.add_argument("dir", metavar="DIR", help="the folder to make (must not hold anything)")
    init.add_argument("--name", help="the business's name, as spoken (at most 40 characters)")
    init.add_argument(
        "--invocation",
        help="the invocation name: two words or more, lower-case letters and spaces, no "
        "alexa, echo, skill or app, not beginning with a launch word (asked at a terminal)",
    )
    init.add_argument(
        "--locales",
        default="en-US",
        help=f"comma-separated, from {', '.join(MARKETS)} (default en-US)",
    )
    init.add_argument("--profile", metavar="FILE", help="start from this business profile YAML")
    init.add_argument("--phone", help="the phone number clients call")
    init.add_argument("--booking-url", dest="booking_url", help="the online booking page (https)")
    init.add_argument("--booking", help="the sentence said on 'how do I book'")
    init.add_argument("--timezone", help="the studio's time zone, like Europe/London")
    init.add_argument("--currency", help="as spoken, like pounds (default: the locales')")
    init.add_argument(
        "--privacy-url", dest="privacy_url", help="where privacy.html will be published (https)"
    )
    init.add_argument("--terms-url", dest="terms_url", help="your terms of use page (https)")
    init.add_argument("--address", help="where the studio is, as spoken (optional)")
    init.add_argument("--parking", help="parking and getting there, as spoken (optional)")
    init.add_argument("--payment", help="how clients pay, as spoken (optional)")
    init.add_argument(
        "--health-data",
        dest="health_data",
        choices=["none", "kept"],
        help="none (default): pain scores and safety answers stay in the session; kept: "
        "stored, for a HIPAA-eligible skill (en-US only)",
    )
    init.add_argument(
        "--skill-id",
        dest="skill_id",
        help="the skill's id from the developer console: template.yaml's SkillId default and "
        ".ask/ask-states.json, so ask deploy updates that skill",
    )
    init.add_argument(
        "--endpoint",
        help="the Lambda ARN or https URL, if known (else set later with "
        "backcare package --root DIR --endpoint)",
    )
    init.add_argument("--small-icon", dest="small_icon", help="https URL of a 108 px PNG icon")
    init.add_argument("--large-icon", dest="large_icon", help="https URL of a 512 px PNG icon")
    init.set_defaults(func=_init)


def _add_chat(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    chat = sub.add_parser(
        "chat",
        help="text console that behaves like an Alexa device",
        description="Type what you would say to Alexa ('open back care coach', 'start the "
        "desk break', 'next'). Each line becomes the request JSON Alexa would send on a "
        "device: a sample of the interaction model matched exactly (custom slots are open: "
        "an unknown value is sent unresolved), else the catch-all intent with the words as "
        "heard; an elicited slot and a permission question are answered as Alexa does. The "
        "real skill then reads what Alexa could not place with its own understanding, as "
        "on Lambda (`backcare parse` prints what it acts on; approved transcripts show "
        "both). Reads piped stdin line by line. The store comes from BACKCARE_STORE "
        "(default: an SQLite file in your user data folder).",
    )
    chat.add_argument(
        "--user",
        default="amzn1.ask.account.console-user",
        help="Alexa user id; the same id continues a user across runs",
    )
    chat.add_argument(
        "--locale",
        default="en-US",
        choices=MARKETS,
        help="the market: its model, and the skill's replies in its forms (default en-US)",
    )
    chat.add_argument("--store", help="store URL for this run (overrides BACKCARE_STORE)")
    chat.add_argument(
        "--quiet", action="store_true", help="do not print the store and the API stand-in in use"
    )
    chat.add_argument(
        "--alexa-api",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="serve a local stand-in for the Alexa reminders and settings APIs, so reminders "
        "and the device's time zone work offline (the default; --no-alexa-api points the "
        "device at Amazon's API, which a console cannot reach without a real token)",
    )
    chat.add_argument(
        "--time-zone",
        default=None,
        help="device time zone the stand-in reports ('' for none; default a city of the "
        "market: " + ", ".join(f"{k} {v}" for k, v in DEVICE_ZONES.items()) + ")",
    )
    chat.add_argument(
        "--screen",
        nargs="?",
        const="hub-landscape-large",
        choices=sorted(VIEWPORT_NAMES),
        help="be an Echo Show: the device reports APL and this viewport (default "
        "hub-landscape-large); after each reply print what the screen shows (title, step, "
        "countdown, buttons); ':tap LABEL' touches a button or list item ('tap next')",
    )
    chat.set_defaults(func=_chat)


def _add_serve(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    serve = sub.add_parser(
        "serve",
        help="run the skill as a web service (Flask under waitress)",
        description="Serve the skill at POST / under waitress, meant to sit behind an HTTPS "
        "reverse proxy. Request signature, certificate chain and timestamp verification are "
        "ON (the ask-sdk-webservice-support rules); --no-verify turns signature and timestamp "
        "checks off for local testing only. BACKCARE_SKILL_ID, when set, refuses requests "
        "for any other skill. Any malformed request gets HTTP 400 (413 over 256 KB); logs "
        "follow BACKCARE_LOG_LEVEL and never carry a body, user id or token.",
    )
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8080)
    serve.add_argument("--threads", type=int, default=4, help="worker threads (default 4)")
    serve.add_argument(
        "--connection-limit",
        type=int,
        default=500,
        help="open connections at most; more wait in the listen backlog (default 500)",
    )
    serve.add_argument(
        "--channel-timeout",
        type=float,
        default=10.0,
        help="seconds before an idle or stalled connection is closed (default 10)",
    )
    serve.add_argument(
        "--no-verify",
        action="store_true",
        help="skip signature and timestamp checks (local testing only)",
    )
    serve.set_defaults(func=_serve)


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="backcare", description=__doc__)
    sub = top.add_subparsers(dest="command", required=True)

    _add_chat(sub)
    _add_serve(sub)

    models = sub.add_parser(
        "models",
        help="build, check, train or evaluate interaction_models/ and the understanding",
        description="build: write interaction_models/<locale>.json from the grammar "
        "(tools/backcare_tools/grammar/<locale>/, sentence templates) and the content's slot "
        "values; fails when the model breaks Alexa's rules or limits. train: fit the skill's "
        "intent classifier (lambda/backcare/understanding/model/) on the model's samples, the "
        "content's names and the tuning sets, never a blind set. check: exit 1 when a "
        "committed model differs from a fresh build or the classifier was trained on other "
        "inputs. blind: score a blind set (--set FILE: requests, discomfort mid-step, answers "
        "in context) through the Echo path, once, before any fixing. eval: for each phrase "
        "of the evaluation set (tests/nlu/eval.yaml and tests/nlu/safety.yaml), whether the "
        "model's samples "
        "match it exactly and whether the console understands it; prints the figures per "
        "intent and per area, then the phrases the console misses, and exits 1 when a "
        "target is missed (95% of the skill's own intents, every red flag, no phrase "
        "understood as a wrong intent).",
    )
    models.add_argument("action", choices=["build", "check", "train", "eval", "blind"])
    models.add_argument("--root", default=str(REPO_ROOT), help="repository root")
    models.add_argument(
        "--locale", default="en-US", choices=MARKETS, help="eval, blind: the model to use"
    )
    models.add_argument("--set", help="eval: another labelled YAML file instead of the set")
    models.add_argument(
        "--today",
        default="2026-01-14",
        help="eval: the day relative dates are read from (YYYY-MM-DD; default a Wednesday)",
    )
    models.add_argument("--quiet", action="store_true", help="eval: figures only, no misses")
    models.add_argument(
        "--model-misses",
        action="store_true",
        help="eval: also list the phrases no sample matches exactly (the console may still "
        "understand them)",
    )
    models.set_defaults(func=_models)

    sources = sub.add_parser(
        "sources",
        help="build or check docs/sources.md",
        description="build: write docs/sources.md, the readers' list of the published "
        "sources behind the content, from lambda/backcare/content/sources.yaml and the "
        "content items that cite them. check: exit 1 when the committed file differs from "
        "a fresh build.",
    )
    sources.add_argument("action", choices=["build", "check"])
    sources.add_argument("--root", default=str(REPO_ROOT), help="repository root")
    sources.set_defaults(func=_sources)

    parse = sub.add_parser(
        "parse",
        help="print what the skill acts on for each line, one JSON line per input line",
        description='Read lines on stdin; for each print {"text": ..., "intent": ..., '
        '"slots": {"Name": "value"}}: what the skill acts on with no question open, after '
        "what Alexa would send (a sample, an open slot, or the catch-all) and the skill's "
        "own understanding: custom slots as their canonical id (or the words heard when no "
        "value matched), AMAZON.NUMBER as digits, AMAZON.DATE as YYYY-MM-DD, AMAZON.TIME as "
        "HH:MM. An off-topic request is OutOfScopeIntent; speech not understood is "
        "AMAZON.FallbackIntent. --state sets the open question; --explain shows the "
        "reading and the candidates.",
    )
    parse.add_argument(
        "--locale", default="en-US", choices=MARKETS, help="the market whose model hears it"
    )
    parse.add_argument("--today", help="the day dates are read from (YYYY-MM-DD; default today)")
    parse.add_argument(
        "--state",
        help="the question open when the words are said (a context.Question value: "
        "pain_before, which_routine, session_day, session_time, massage_name, screen, "
        "tip_offer, next_step, ...); elicited slots are filled as Alexa fills them",
    )
    parse.add_argument(
        "--explain",
        action="store_true",
        help="also print what Alexa sent, how the skill read it (the words with slot "
        "values replaced by their types) and its top candidates with their probabilities",
    )
    parse.set_defaults(func=_parse)

    _add_transcripts(sub)

    package = sub.add_parser(
        "package",
        help="build skill-package/ for the ASK CLI, or the Lambda function's code",
        description="Without --lambda: copy skill.json and interaction_models/ into the "
        "layout ask deploy reads (skill-package/skill.json, "
        "skill-package/interactionModels/custom/); --endpoint sets the skill's endpoint: the "
        "Lambda alias ARN from the SAM stack's outputs, or the https URL of a self-hosted "
        "service; fails when a model is out of date. With --lambda DIR: build the function's "
        "code into DIR as template.yaml deploys it (sam build runs this through the "
        "Makefile): the pinned wheels for the template's runtime and architecture, the "
        "runtime code in lambda/, and bytecode made by a Python of the runtime's version "
        "(python3.13 on PATH or under pyenv, or --python); --business FILE adds a checked "
        "profile as business.yaml. With --root DIR, a studio's folder from backcare init: "
        "--endpoint sets its endpoint in place, --check checks it with its own profile.",
    )
    package.add_argument("--out", default=str(REPO_ROOT / "skill-package"))
    package.add_argument("--endpoint", help="Lambda ARN or https URL of the skill endpoint")
    package.add_argument(
        "--lambda",
        dest="lambda_dir",
        metavar="DIR",
        help="build the Lambda function's code into DIR (empty, missing, or an earlier build)",
    )
    package.add_argument(
        "--architecture",
        choices=["arm64", "x86_64"],
        help="with --lambda: the CPU to build for (default: template.yaml's)",
    )
    package.add_argument("--python", help="with --lambda: the interpreter that makes the bytecode")
    package.add_argument(
        "--business",
        metavar="FILE",
        help="with --lambda: put this business profile in the code as business.yaml, checked "
        "first (a studio's folder from backcare init does this)",
    )
    package.add_argument(
        "--check",
        action="store_true",
        help="check offline what Alexa's certification checks: the invocation name, the "
        "example phrases against the models, help/stop/cancel/fallback at every question, "
        "open sessions with a question and reprompt, SSML, response size, the disclaimer, "
        "real privacy and terms pages, personal data declared, the category; prints each "
        "rule with pass or fail and exits 1 on a failure",
    )
    package.add_argument(
        "--root",
        default=str(REPO_ROOT),
        help="repository root, or a studio's folder made by backcare init",
    )
    package.set_defaults(func=_package)

    _add_init(sub)

    load = sub.add_parser(
        "loadtest",
        help="bounded load test of a local web service",
        description="Play whole conversations from N concurrent clients against a local "
        "`backcare serve --no-verify` for a fixed time (at most 300 s), then print requests, "
        "errors, requests per second and latency percentiles as JSON. Loopback only. "
        "Exits 1 if any request failed.",
    )
    load.add_argument("--url", default="http://127.0.0.1:8080/")
    load.add_argument("--clients", type=int, default=20)
    load.add_argument("--seconds", type=float, default=20.0)
    load.add_argument(
        "--envelopes",
        choices=["minimal", "echo-show"],
        default="minimal",
        help="request envelopes of a speaker (minimal) or an Echo Show (about 5 KB)",
    )
    load.set_defaults(func=_loadtest)

    bench = sub.add_parser(
        "bench",
        help="speed and cost per turn, side by side with the canonical SDK pattern",
        description="Run Back Care Coach and bench/baseline_skill.py (the canonical "
        "ask-sdk-core pattern) through the same scripted conversation, with production "
        "logging on, and print a Markdown table of every figure as its median [25th-75th "
        "percentile] with the ratio ours / baseline taken pair by pair, then one JSON line. "
        "Cold start: both Lambda artifacts (ours from `backcare package --lambda`, the "
        "baseline from `sam build` of a plain function), built for this CPU and run by "
        "Python 3.13, in interleaved new processes. Warm p50/p99 per turn: interleaved "
        "rounds after a warm-up, in memory with speaker and Echo Show envelopes, and "
        "against a local DynamoDB server (calls and bytes counted). Throughput: each skill "
        "served under waitress, loaded by a separate `backcare loadtest` process, "
        "interleaved rounds per thread count and envelope size. After the table: the load "
        "average while it ran and the ratios too unsteady to trust; with --doc, the "
        "performance page is written from this run. Needs the README's set-up "
        "(dynalite, .venv/sam) and a Python 3.13.",
    )
    bench.add_argument("--cold-runs", type=int, default=15, help="new processes per skill")
    bench.add_argument("--rounds", type=int, default=5, help="interleaved rounds per figure")
    bench.add_argument(
        "--turns", type=int, default=1000, help="timed turns per skill in each round"
    )
    bench.add_argument(
        "--seconds", type=float, default=3.0, help="load per skill in each throughput round"
    )
    bench.add_argument("--clients", type=int, default=8, help="concurrent load clients")
    bench.add_argument(
        "--threads", default="1,2,4", help="server worker threads to measure, comma-separated"
    )
    bench.add_argument(
        "--doc",
        type=Path,
        default=None,
        help="also write this run's performance page here (docs/performance.md)",
    )
    bench.set_defaults(func=_bench)
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        result: int = args.func(args)
    except SettingsError as error:  # a bad --store or BACKCARE_* value: one line, no trace
        print(f"backcare: {error}", file=sys.stderr)
        return 2
    return result


if __name__ == "__main__":
    sys.exit(main())
