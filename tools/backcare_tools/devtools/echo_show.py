"""What an Echo Show adds to every request, so benches and tests can send
envelopes of the size a screen device sends (about 5 KB against about
1.5 KB from a speaker): the interfaces it supports, its viewports, APL
extensions and the rest of `context` beyond `System`. Field names and
shapes follow Alexa's request format; the values are made up.
"""

from __future__ import annotations

from typing import Any

PROFILES = ("minimal", "echo-show")

INTERFACES: dict[str, Any] = {
    "AudioPlayer": {},
    "Display": {"templateVersion": "1.0", "markupVersion": "1.0"},
    "Alexa.Presentation.APL": {"runtime": {"maxVersion": "2024.2"}},
    "Alexa.Presentation.APLT": {"runtime": {"maxVersion": "1.0"}},
    "Alexa.Presentation.HTML": {"runtime": {"maxVersion": "1.1"}},
    "VideoApp": {},
    "Geolocation": {},
}

_VIDEO = {"codecs": ["H_264_41", "H_264_42"]}
_SIZE = {
    "type": "DISCRETE",
    "pixelWidth": 1280,
    "pixelHeight": 800,
}

EXTRA_CONTEXT: dict[str, Any] = {
    "Viewports": [
        {
            "type": "APL",
            "id": "main",
            "shape": "RECTANGLE",
            "dpi": 160,
            "presentationType": "STANDARD",
            "canRotate": False,
            "configuration": {"current": {"mode": "HUB", "video": _VIDEO, "size": _SIZE}},
        }
    ],
    "Viewport": {
        "experiences": [
            {"arcMinuteWidth": 346, "arcMinuteHeight": 216, "canRotate": False, "canResize": False}
        ],
        "mode": "HUB",
        "shape": "RECTANGLE",
        "pixelWidth": 1280,
        "pixelHeight": 800,
        "dpi": 160,
        "currentPixelWidth": 1280,
        "currentPixelHeight": 800,
        "touch": ["SINGLE"],
        "keyboard": [],
        "video": _VIDEO,
    },
    "Extensions": {
        "available": {
            "aplext:backstack:10": {},
            "alexaext:datastore:10": {},
            "aplext:smartmotion:10": {},
            "aplext:e2eencryption:10": {},
            "aplext:musicalert:10": {},
        }
    },
    "Advertising": {
        "advertisingId": "00000000-0000-0000-0000-000000000000",
        "limitAdTracking": True,
    },
    "AudioPlayer": {"playerActivity": "IDLE"},
    "Alexa.Presentation.APL": {
        "token": "",
        "version": "AriaRuntimeLibrary-2024.2.0",
        "componentsVisibleOnScreen": [
            {
                "uid": ":1000",
                "position": "1280x800+0+0:0",
                "type": "text",
                "tags": {"viewport": {}},
                "children": [],
                "entities": [],
            }
        ],
    },
}


def device_kwargs(profile: str) -> dict[str, Any]:
    """Keyword arguments for `Device` that make it send `profile`'s envelopes."""
    if profile == "minimal":
        return {}
    if profile == "echo-show":
        return {"interfaces": INTERFACES, "extra_context": EXTRA_CONTEXT}
    raise ValueError(f"unknown envelope profile {profile!r}: use one of {', '.join(PROFILES)}")


# The screens Alexa groups devices into (ask_sdk_core's ViewportProfile):
# shape, mode, pixels and dpi as such a device reports them.
VIEWPORTS: dict[str, tuple[str, str, int, int, int]] = {
    "hub-round-small": ("ROUND", "HUB", 480, 480, 160),
    "hub-landscape-small": ("RECTANGLE", "HUB", 960, 480, 160),
    "hub-landscape-medium": ("RECTANGLE", "HUB", 960, 600, 160),
    "hub-landscape-large": ("RECTANGLE", "HUB", 1280, 800, 160),
    "mobile-portrait-medium": ("RECTANGLE", "MOBILE", 600, 1024, 160),
    "tv-landscape-xlarge": ("RECTANGLE", "TV", 1920, 1080, 320),
}
VIEWPORT_NAMES = frozenset(VIEWPORTS)


def screen_kwargs(viewport: str) -> dict[str, Any]:
    """`Device` keyword arguments for a screen device with `viewport`."""
    shape, mode, width, height, dpi = VIEWPORTS[viewport]
    seen = {
        "mode": mode,
        "shape": shape,
        "pixelWidth": width,
        "pixelHeight": height,
        "dpi": dpi,
        "currentPixelWidth": width,
        "currentPixelHeight": height,
    }
    size = {"type": "DISCRETE", "pixelWidth": width, "pixelHeight": height}
    main = EXTRA_CONTEXT["Viewports"][0]
    current = {**main["configuration"]["current"], "mode": mode, "size": size}
    viewports = [{**main, "shape": shape, "dpi": dpi, "configuration": {"current": current}}]
    context = {
        **EXTRA_CONTEXT,
        "Viewport": {**EXTRA_CONTEXT["Viewport"], **seen},
        "Viewports": viewports,
    }
    return {"interfaces": INTERFACES, "extra_context": context}
