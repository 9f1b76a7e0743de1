"""accords: facts about the Abraham Accords, with their sources, on the command line."""

__version__ = "2.2.0"
