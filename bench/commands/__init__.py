"""One module per make target: parse the arguments, call the layers below, return the exit status."""
