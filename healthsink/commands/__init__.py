"""The command line's larger commands, one module each; healthsink/cli.py parses arguments and calls them."""
