"""netbrake: find, map and disrupt child-exploitation networks on social platforms.

The public surface is small on purpose; each concept lives in its own
subpackage (``netbrake.platform``, ``netbrake.text``, ``netbrake.graph``, ...).
"""

from netbrake.errors import InputError, NetbrakeError

__all__ = ["InputError", "NetbrakeError", "__version__"]

__version__ = "0.1.0"
