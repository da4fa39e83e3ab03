"""Allow `python -m claimcheck`."""

from claimcheck.cli import main

if __name__ == "__main__":
    main()
