"""CTH1xx: reading a file and matching it to the schema.

These are emitted by `ctohandbook.sources` and `ctohandbook.model.validation` while documents are
read, not by a check over the handbook: a file that cannot be read has no document to check.
"""

from __future__ import annotations

from ..diagnostic import Rule, Severity

E = Severity.ERROR

UNREADABLE = Rule("CTH100", "unreadable", E, "The file could not be opened or read.",
                  "check that the file exists and is readable")
YAML_SYNTAX = Rule("CTH101", "yaml-syntax", E, "The file is not valid YAML.",
                   "fix the YAML syntax at this position (indentation, quotes, colons)")
DUPLICATE_KEY = Rule("CTH102", "duplicate-key", E,
                     "A mapping repeats a key; YAML parsers silently keep only one of the values.",
                     "remove or rename one of the two keys")
EMPTY_FILE = Rule("CTH103", "empty-file", E, "The file holds no YAML document.",
                  "write a document starting with `kind:`, or delete the file")
NOT_A_MAPPING = Rule("CTH104", "not-a-mapping", E,
                     "The top level of the document is not a mapping of keys to values.",
                     "start the document with `kind: ...` and write fields as `key: value`")
ENCODING = Rule("CTH105", "encoding", E, "The file is binary or not encoded as UTF-8.",
                "save the file as UTF-8 text")
TOO_LARGE = Rule("CTH106", "too-large", E, "The file is larger than `max_file_size`.",
                 "split the file, or raise `max_file_size` in the plugin configuration")
UNKNOWN_KIND = Rule("CTH107", "unknown-kind", E, "`kind:` is missing or names no known kind.",
                    "set `kind:` to one of: decision-rights, exception, owners, policy, "
                    "runbook-standard")
UNKNOWN_KEY = Rule("CTH108", "unknown-key", E, "A key is not part of the schema of its kind.",
                   "remove the key or correct its spelling")
WRONG_TYPE = Rule("CTH109", "wrong-type", E,
                  "A value has the wrong type (for example a number or boolean where text is "
                  "expected, which YAML 1.1 produces from unquoted `no`, `on` or `1.10`).",
                  "quote the value or write it in the expected form")
MISSING_FIELD = Rule("CTH110", "missing-field", E, "A required field is missing.",
                     "add the field")
INVALID_VALUE = Rule("CTH111", "invalid-value", E,
                     "A value has the right type but not an allowed form (id, version, date, "
                     "duration, enumeration).",
                     "write the value in the form the message names")
UNSUPPORTED_TAG = Rule("CTH112", "unsupported-tag", E,
                       "The document uses a YAML tag or merge key (`<<`) that governance files "
                       "do not support: a tagged value is read as plain data, never "
                       "constructed, and merge keys are dropped.",
                       "remove the tag and write the value as plain YAML")
TOO_COMPLEX = Rule("CTH113", "too-complex", E,
                   "The document nests too deeply or expands (through anchors and aliases) to "
                   "too many values to read safely.",
                   "write the document out without deep nesting or repeated aliases")

OUTSIDE = Rule("CTH114", "outside-repository", E,
               "A file or folder is a symbolic link to a place outside the repository; it is "
               "not read, so that a pull request cannot make the build publish files of the "
               "machine it runs on.",
               "copy the file into the repository instead of linking to it")
NOTHING_GOVERNED = Rule(
    "CTH115", "nothing-governed", E,
    "The handbook holds no policy, runbook standard, decision-rights matrix or ADR: a mistyped "
    "`policies_dir` or a broken checkout would otherwise pass as a clean handbook.",
    "add a policy (`ctohandbook new policy --title ...`), or set `policies_dir` to the folder "
    "that holds the governance files")

RULES = (UNREADABLE, YAML_SYNTAX, DUPLICATE_KEY, EMPTY_FILE, NOT_A_MAPPING, ENCODING, TOO_LARGE,
         UNKNOWN_KIND, UNKNOWN_KEY, WRONG_TYPE, MISSING_FIELD, INVALID_VALUE, UNSUPPORTED_TAG,
         TOO_COMPLEX, OUTSIDE, NOTHING_GOVERNED)
