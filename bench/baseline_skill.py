"""Baseline for `backcare bench`: the canonical ask-sdk-core pattern.

Written for this project to mirror how Amazon's Python samples build a
skill: a CustomSkillBuilder with the SDK's DynamoDB adapter, handler classes
that read persistent attributes and save them on every turn, and every
import at module level. It covers the benchmark's conversation (launch,
start a routine, next, pause, a tip, a massage question, stop) with a
short version of the same content kept in code, as the samples keep theirs.
"""

import json
import logging
import os
import random

import boto3
from ask_sdk_core.dispatch_components import (
    AbstractExceptionHandler,
    AbstractRequestHandler,
    AbstractResponseInterceptor,
)
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.skill_builder import CustomSkillBuilder
from ask_sdk_core.utils import get_slot_value, is_intent_name, is_request_type
from ask_sdk_dynamodb.adapter import DynamoDbAdapter
from ask_sdk_model import Response
from ask_sdk_model.ui import SimpleCard

logger = logging.getLogger(__name__)

# Content kept in code, as the samples do.
ROUTINE_NAME = "desk break"
STEPS = [
    ("walk around", "Stand up and walk around for a minute.", "looser", 60),
    (
        "back extension",
        "Lean back gently with your hands on your lower back.",
        "a mild stretch",
        20,
    ),
    ("posture reset", "Sit tall and rock your pelvis gently.", "your back settle", 35),
    ("seated twist", "Turn your chest gently to one side.", "a mild stretch", 15),
    ("figure four", "Rest one ankle on the other knee and lean forward.", "a stretch", 20),
]
TIPS = [
    "Keep up your everyday activities as best you can.",
    "Short, frequent walks keep a sore back moving.",
    "A heat wrap can ease sudden back pain for a while.",
    "Get up and move every 20 to 30 minutes of sitting.",
    "Hold a load close to your waist when you lift.",
    "Turn with your feet instead of twisting your back.",
    "A pillow between your knees helps side sleepers.",
    "See a doctor if your back isn't improving after two weeks.",
]
MASSAGES = {
    "swedish": "Swedish massage uses long gliding strokes and kneading.",
    "deep tissue": "Deep tissue massage uses slow, firm strokes on deeper muscle layers.",
    "trigger point": "Trigger point therapy holds pressure on tender knots.",
}


def step_text(index):
    name, cue, feel, hold = STEPS[index]
    return (
        f"Step {index + 1} of {len(STEPS)}: {name}. {cue} You should feel {feel}. "
        f'Stop if it hurts. Hold for {hold} seconds. <break time="10s"/> Say next when ready.'
    )


class LaunchRequestHandler(AbstractRequestHandler):
    def can_handle(self, handler_input):
        return is_request_type("LaunchRequest")(handler_input)

    def handle(self, handler_input):
        attr = handler_input.attributes_manager.persistent_attributes
        attr["launches"] = int(attr.get("launches", 0)) + 1
        handler_input.attributes_manager.session_attributes["step"] = attr.get("step")
        speech = "Welcome to Back Care Coach. Say start the desk break or give me a tip."
        handler_input.response_builder.speak(speech).ask(speech)
        return handler_input.response_builder.response


class StartRoutineHandler(AbstractRequestHandler):
    def can_handle(self, handler_input):
        return is_intent_name("StartRoutineIntent")(handler_input)

    def handle(self, handler_input):
        attr = handler_input.attributes_manager.persistent_attributes
        attr["step"] = 0
        handler_input.attributes_manager.session_attributes["step"] = 0
        speech = f"Let's do the {ROUTINE_NAME}. {step_text(0)}"
        handler_input.response_builder.speak(speech).ask("Say next.")
        return handler_input.response_builder.response


class NextHandler(AbstractRequestHandler):
    def can_handle(self, handler_input):
        return (
            is_intent_name("AMAZON.NextIntent")(handler_input)
            or is_intent_name("SkipStepIntent")(handler_input)
            or is_intent_name("AMAZON.NoIntent")(handler_input)
        )

    def handle(self, handler_input):
        attr = handler_input.attributes_manager.persistent_attributes
        step = int(attr.get("step") or 0) + 1  # DynamoDB hands numbers back as Decimal
        if step >= len(STEPS):
            attr["step"] = None
            attr["completions"] = int(attr.get("completions", 0)) + 1
            speech = "Well done, that's the routine finished!"
        else:
            attr["step"] = step
            speech = step_text(step)
        handler_input.response_builder.speak(speech).ask("Say next.")
        return handler_input.response_builder.response


class PauseHandler(AbstractRequestHandler):
    def can_handle(self, handler_input):
        return is_intent_name("AMAZON.PauseIntent")(handler_input)

    def handle(self, handler_input):
        attr = handler_input.attributes_manager.persistent_attributes
        attr["paused"] = True
        speech = "Paused. Say resume when you're ready."
        handler_input.response_builder.speak(speech).ask(speech)
        return handler_input.response_builder.response


class TipHandler(AbstractRequestHandler):
    def can_handle(self, handler_input):
        return is_intent_name("TipIntent")(handler_input)

    def handle(self, handler_input):
        attr = handler_input.attributes_manager.persistent_attributes
        heard = [int(t) for t in attr.get("tips", [])]
        unheard = [i for i in range(len(TIPS)) if i not in heard] or list(range(len(TIPS)))
        choice = random.choice(unheard)
        attr["tips"] = [*heard, choice]
        speech = f"Here's a tip: {TIPS[choice]} Would you like another one?"
        handler_input.response_builder.speak(speech).ask(speech)
        return handler_input.response_builder.response


class MassageHandler(AbstractRequestHandler):
    def can_handle(self, handler_input):
        return is_intent_name("ExplainMassageIntent")(handler_input)

    def handle(self, handler_input):
        name = (get_slot_value(handler_input, "MassageType") or "").lower()
        summary = MASSAGES.get(name.replace(" massage", ""))
        speech = summary or "I don't know that one yet."
        handler_input.response_builder.speak(speech).ask("Anything else?")
        handler_input.response_builder.set_card(SimpleCard("Back Care Coach", speech))
        return handler_input.response_builder.response


class StopHandler(AbstractRequestHandler):
    def can_handle(self, handler_input):
        return is_intent_name("AMAZON.StopIntent")(handler_input) or is_intent_name(
            "AMAZON.CancelIntent"
        )(handler_input)

    def handle(self, handler_input):
        handler_input.response_builder.speak("Goodbye!").set_should_end_session(True)
        return handler_input.response_builder.response


class SessionEndedHandler(AbstractRequestHandler):
    def can_handle(self, handler_input):
        return is_request_type("SessionEndedRequest")(handler_input)

    def handle(self, handler_input):
        return handler_input.response_builder.response


class FallbackHandler(AbstractRequestHandler):
    def can_handle(self, handler_input):
        return True

    def handle(self, handler_input):
        speech = "Sorry, I didn't get that. What would you like?"
        handler_input.response_builder.speak(speech).ask(speech)
        return handler_input.response_builder.response


class SaveAttributesInterceptor(AbstractResponseInterceptor):
    """Save persistent attributes on every turn, as the samples do."""

    def process(self, handler_input, response):
        handler_input.attributes_manager.save_persistent_attributes()


class CatchAllExceptionHandler(AbstractExceptionHandler):
    def can_handle(self, handler_input, exception):
        return True

    def handle(self, handler_input, exception):
        logger.error(exception, exc_info=True)
        speech = "Sorry, I had trouble doing what you asked. Please try again."
        handler_input.response_builder.speak(speech).ask(speech)
        return handler_input.response_builder.response


def build(persistence_adapter=None):
    if persistence_adapter is None:
        persistence_adapter = DynamoDbAdapter(
            table_name=os.environ.get("BASELINE_TABLE", "baseline"),
            # As the Alexa-hosted template does: the table exists already.
            create_table=False,
            dynamodb_resource=boto3.resource(
                "dynamodb",
                region_name=os.environ.get("AWS_DEFAULT_REGION", "us-east-1"),
                endpoint_url=os.environ.get("BASELINE_DYNAMODB_ENDPOINT"),
            ),
        )
    sb = CustomSkillBuilder(persistence_adapter=persistence_adapter)
    for handler in (
        LaunchRequestHandler(),
        StartRoutineHandler(),
        NextHandler(),
        PauseHandler(),
        TipHandler(),
        MassageHandler(),
        StopHandler(),
        SessionEndedHandler(),
        FallbackHandler(),
    ):
        sb.add_request_handler(handler)
    sb.add_global_response_interceptor(SaveAttributesInterceptor())
    sb.add_exception_handler(CatchAllExceptionHandler())
    return sb


if os.environ.get("BASELINE_BUILD_ON_IMPORT", "1") == "1":
    lambda_handler = build().lambda_handler()
else:  # the benchmark builds it with an in-memory store instead
    lambda_handler = None


def handler_for(persistence_adapter):
    return build(persistence_adapter).lambda_handler()


__all__ = ["HandlerInput", "Response", "build", "handler_for", "json", "lambda_handler"]
