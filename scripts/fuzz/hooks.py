# Loaded by scripts/fuzz.sh (SCHEMATHESIS_HOOKS). The event import takes JSON lines (application/x-ndjson), a media
# type schemathesis has no serializer for: its generated strings are sent as the UTF-8 text they are, so the route is
# fuzzed with arbitrary lines (most not events) instead of the run stopping with "serialization not possible".
import re

import schemathesis


@schemathesis.serializer("application/x-ndjson")
def ndjson(ctx, value):
    if isinstance(value, bytes):
        return {"data": value}
    return {"data": str(value).encode("utf-8")}


# An npub carries a checksum (bech32, NIP-19) that no JSON Schema pattern can state: of the npubs generated from the
# document's pubkey pattern almost none would be valid, and each would be refused with a 400 the document cannot
# foresee. Every generated npub is re-encoded with its correct checksum (its 52 data characters, that is its 32 bytes,
# kept), so schema-valid data stays valid and positive_data_acceptance holds the server to the rest of its promise.
_BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
_NPUB = re.compile(r"^npub1[02-9ac-hj-np-z]{58}$")


def _polymod(values):
    chk = 1
    for v in values:
        top = chk >> 25
        chk = (chk & 0x1FFFFFF) << 5 ^ v
        for i, g in enumerate((0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3)):
            if (top >> i) & 1:
                chk ^= g
    return chk


def _valid_npub(value):
    data = [_BECH32.index(c) for c in value[5:-6]]
    # 52 five-bit groups hold 260 bits: the 32 bytes, then 4 padding bits that must be zero
    data[-1] &= 0b10000
    hrp = [ord(c) >> 5 for c in "npub"] + [0] + [ord(c) & 31 for c in "npub"]
    mod = _polymod(hrp + data + [0] * 6) ^ 1
    return "npub1" + "".join(_BECH32[d] for d in data) + "".join(_BECH32[(mod >> 5 * (5 - i)) & 31] for i in range(6))


def _fix_npubs(value):
    if isinstance(value, str):
        return _valid_npub(value) if _NPUB.match(value) else value
    if isinstance(value, dict):
        return {k: _fix_npubs(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_fix_npubs(v) for v in value]
    return value


@schemathesis.hook
def map_query(ctx, query):
    return _fix_npubs(query)


@schemathesis.hook
def map_path_parameters(ctx, path_parameters):
    return _fix_npubs(path_parameters)


@schemathesis.hook
def map_body(ctx, body):
    return _fix_npubs(body)


# A page starts either after a cursor or before one: the lists refuse after together with before (400), a rule
# between two parameters that OpenAPI cannot state. Cases that give both are not generated.
@schemathesis.hook
def filter_query(ctx, query):
    return not (isinstance(query, dict) and "after" in query and "before" in query)


# A backup archive to restore from (POST /relays/{id}/backups/upload) is a zip: schemathesis has no serializer for it
# either; generated values are sent as their bytes, so the route is fuzzed with archives that are not zips.
@schemathesis.serializer("application/zip")
def zip_archive(ctx, value):
    if isinstance(value, bytes):
        return {"data": value}
    return {"data": str(value).encode("utf-8")}
