"""flake8-neveragain: review prompts for race, religion and national-origin registries."""

__version__ = "0.1.0"
