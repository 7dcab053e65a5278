"""The Echo Show: what the screen shows after each reply, and touch.

A device that reports Alexa.Presentation.APL gets one RenderDocument with
each response (show.py): a document from documents/ (APL JSON, data, not
code) and a datasource built from the turn's typed state and the content
(views.py). A tap sends an APL UserEvent that touch.py turns into the
intent the same words would have sent, so a button runs the voice
handler: one code path, the same state change, store write and reply.
A device without a screen gets exactly what it got before.
"""
