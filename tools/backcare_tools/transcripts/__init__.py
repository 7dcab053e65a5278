"""Transcripts: whole conversations rendered through the real skill and kept
as approved text files, so every change of wording is reviewed as a diff
(`backcare transcripts check | approve | stats`)."""
