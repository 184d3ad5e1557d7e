# Loaded by scripts/fuzz.sh (SCHEMATHESIS_HOOKS). The event import takes JSON lines (application/x-ndjson), a media
# type schemathesis has no serializer for: its generated strings are sent as the UTF-8 text they are, so the route is
# fuzzed with arbitrary lines (most not events) instead of the run stopping with "serialization not possible".
import schemathesis


@schemathesis.serializer("application/x-ndjson")
def ndjson(ctx, value):
    if isinstance(value, bytes):
        return {"data": value}
    return {"data": str(value).encode("utf-8")}
