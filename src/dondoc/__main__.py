"""`python -m dondoc`, the same as the `dondoc` console script."""

from dondoc.cli import main

main()
