"""microcommerce: tools for studying WeChat micro-business (微商) markets.

The package reads messy Chinese seller and order exports, parses the numbers and
dates found in Chinese market material, and aggregates them into the three
analyses of the project: market size, practitioner counts and category inventory.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("microcommerce")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+unknown"

__all__ = ["__version__"]
