"""fairs: referral-scheme service fairs."""

__version__ = "0.1.0"
