"""A Python CDKTF user's app with the kit's wheel (the Python tier, test/python/python.test.ts).

QUARTIC_OPTIONS holds the options as the TypeScript example takes them (camelCase JSON); they are passed as
Python keyword arguments (snake_case). First an invalid configuration, whose error must carry the full
problem list, then the same stack the TypeScript example synthesizes ("quartic-s3" with "quartic").
"""
import json
import os
import re
import sys

from cdktf import App, TerraformStack
from quartic_s3_integration import QuarticS3Integration


def keywords(options):
    """camelCase option names to snake_case keyword arguments, nested structs too (tags are data: kept)."""
    return {
        re.sub(r"(?<!^)(?=[A-Z])", "_", key).lower(): (
            keywords(value) if isinstance(value, dict) and key != "tags" else value
        )
        for key, value in options.items()
    }


app = App(outdir=os.environ["QUARTIC_OUTDIR"])
invalid = TerraformStack(app, "invalid")
try:
    QuarticS3Integration(invalid, "quartic", **keywords(json.loads(os.environ["QUARTIC_INVALID_OPTIONS"])))
except RuntimeError as error:
    print(json.dumps({"error_type": type(error).__name__, "message": str(error)}))
else:
    sys.exit("invalid options were accepted")

app = App(outdir=os.environ["QUARTIC_OUTDIR"])
stack = TerraformStack(app, "quartic-s3")
QuarticS3Integration(stack, "quartic", **keywords(json.loads(os.environ["QUARTIC_OPTIONS"])))
app.synth()
