"""Ways in besides the live feed: Apple Health's export (apple/) and Health Auto Export's own files
(hae_files.py). Each ends in the same family modules and the same flush as a REST body."""
