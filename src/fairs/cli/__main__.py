"""`python -m fairs.cli …`: the `fairs` command where no console script is on the PATH."""

from fairs.cli import app

app(prog_name="fairs")
