"""The Echo Show's screen as text: what `backcare chat --screen` prints
after each reply (from the RenderDocument's datasource), and which
UserEvent a tap on a label sends."""

from __future__ import annotations

from typing import Any

RENDER = "Alexa.Presentation.APL.RenderDocument"


def shown(reply: dict[str, Any]) -> tuple[str, dict[str, Any]] | None:
    """(document name, datasource) of the reply's RenderDocument, if any."""
    for directive in (reply.get("response") or {}).get("directives") or []:
        if directive.get("type") == RENDER:
            data = (directive.get("datasources") or {}).get("screen") or {}
            return str(data.get("kind", "")), data
    return None


def render(reply: dict[str, Any]) -> list[str]:
    """The screen in a few lines of text (APL's line breaks as " / ")."""
    return [line.replace("<br>", " / ") for line in _lines(reply)]


def _lines(reply: dict[str, Any]) -> list[str]:
    found = shown(reply)
    if found is None:
        return []
    kind, data = found
    lines = [f"[screen: {kind}] {data.get('title', '')}"]
    if kind == "step":
        done, total = int(data.get("done", 0)), int(data.get("total", 1)) or 1
        bar = "#" * done + "-" * (total - done)
        lines.append(f"  {data.get('position', '')} [{bar}]  {data.get('step', '')}")
        if data.get("paused"):
            lines.append(f"  {data.get('pausedText', '')}")
        elif data.get("holdSeconds"):
            lines.append(f"  countdown: {int(data['holdSeconds'])} s")
        lines += [f"  {data.get(k, '')}" for k in ("cue", "feel", "stop") if data.get(k)]
        lines.append("  " + " ".join(f"[{b['label']}]" for b in data.get("buttons") or []))
    elif kind == "list":
        if data.get("subtitle"):
            lines.append(f"  {data['subtitle']}")
        lines += [
            f"  [{i['primaryText']}] {i.get('secondaryText', '')}" for i in data.get("items") or []
        ]
    elif kind == "compare":
        for column in data.get("columns") or []:
            lines.append(f"  {column.get('name', '')}:")
            lines += [f"    {row}" for row in column.get("rows") or []]
    elif kind == "safety":
        lines.append(f"  {data.get('message', '')}")
    else:
        for part in data.get("sections") or []:
            heading = f"{part['heading']}: " if part.get("heading") else ""
            lines.append(f"  {heading}{part.get('text', '')}")
        if data.get("hint"):
            lines.append(f"  ({data['hint']})")
    return lines


def tap(reply: dict[str, Any], label: str) -> list[str] | None:
    """The UserEvent arguments of the button or list item called `label`
    (its text or its action), or None when the screen has no such thing."""
    found = shown(reply)
    if found is None:
        return None
    _, data = found
    wanted = label.strip().lower()
    token = str(data.get("token", ""))
    for button in data.get("buttons") or []:
        if wanted in (str(button["label"]).lower(), str(button["action"]).lower()):
            return [str(button["action"]), token]
    for item in data.get("items") or []:
        if wanted in (str(item["primaryText"]).lower(), str(item.get("value", "")).lower()):
            return [str(item["action"]), token, str(item.get("value", ""))]
    return None
