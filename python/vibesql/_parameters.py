"""Parameters to the engine: int, float, str, bytes and None (bool as int), by position (a
sequence) or by name (a mapping), handed over in marshal format in one call."""
import collections.abc
import marshal

from ._exceptions import ProgrammingError

# marshal version 2 writes no back-references, which the engine's reader does not take.
_MARSHAL_VERSION = 2
_EXACT_VALUE_TYPES = (int, float, str, bytes, type(None))
# The parameter sets marshal writes as they are (anything else is normalized first).
_CONTAINER_TYPES = frozenset((tuple, list, dict))


def encode(parameters):
    """One parameter set as marshal bytes."""
    try:
        if type(parameters) in _CONTAINER_TYPES:
            return marshal.dumps(parameters, _MARSHAL_VERSION)
    except ValueError:
        pass  # a value marshal cannot write: normalize() names it
    return marshal.dumps(normalize(parameters), _MARSHAL_VERSION)


def encode_many(parameter_sets):
    """A list of parameter sets as marshal bytes."""
    try:
        if set(map(type, parameter_sets)) <= _CONTAINER_TYPES:
            return marshal.dumps(parameter_sets, _MARSHAL_VERSION)
    except ValueError:
        pass
    return marshal.dumps([normalize(p) for p in parameter_sets], _MARSHAL_VERSION)


def normalize(parameters):
    """The parameter set with every value of an exact type the engine stores, or TypeError
    naming the parameter; ProgrammingError when the set is neither a sequence nor a mapping."""
    if isinstance(parameters, collections.abc.Mapping):
        return {str(key): _value(value, key) for key, value in parameters.items()}
    if isinstance(parameters, collections.abc.Sequence) or isinstance(parameters, (tuple, list)):
        return tuple(_value(value, index + 1) for index, value in enumerate(parameters))
    raise ProgrammingError("parameters are of unsupported type")


def _value(value, where):
    if type(value) in _EXACT_VALUE_TYPES or type(value) is bool:
        return value
    if isinstance(value, bool):
        return bool(value)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    if isinstance(value, str):
        return str(value)
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value)
    raise TypeError(
        f"Error binding parameter {where}: type '{type(value).__name__}' is not supported "
        "(int, float, str, bytes and None are)")


def check_types(parameters):
    """Raises the TypeError normalize() gives for a set the engine refused as unsupported."""
    normalize(parameters)


def check_encoding(parameters):
    """Raises the UnicodeEncodeError sqlite3 raises for a str the engine refused (one holding
    lone surrogates, which UTF-8 cannot encode)."""
    values = parameters.values() if isinstance(parameters, collections.abc.Mapping) else parameters
    for value in values:
        if isinstance(value, str):
            value.encode("utf-8")


def texts_from_bytes(rows, factory):
    """Rows fetched with text as bytes (each text a one-element tuple of its bytes) with
    every text made by the connection's text_factory, as sqlite3 makes it."""
    return [tuple(factory(value[0]) if type(value) is tuple else value for value in row) for row in rows]
