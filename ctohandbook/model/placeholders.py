"""The lines ``ctohandbook new`` writes for people to replace, in one place: the skeletons are
built from these constants (`model.kinds` for the YAML kinds, `repo.scaffold` for ADRs) and
CTH801 (`rules.placeholders`) looks for the same lines in documents in force, so the two cannot
drift apart.

Each placeholder is one whole line, and is found only as a whole line: a sentence that a person
has begun to change is theirs. The Nygard lines are adr-tools' own template text, so a record
made with ``adr new`` and accepted unchanged is found too.
"""

from __future__ import annotations

SUMMARY = "Say in a few sentences what this document is for and whom it protects."
PROCESS = ("Say where to open a request for an exception and who decides.",
           "List what a request gives: scope, reason, compensating controls, remediation plan, "
           "expiry.")
SCOPE = "Say who and what it applies to."
REQUIREMENT = "Write the first requirement as one testable sentence."
RATIONALE = "Say why the requirement exists."
DECISION = "Describe the first decision this matrix assigns."

REASON = "Say why compliance is not possible now."
COMPENSATING_CONTROLS = "Say what reduces the risk until then."
REMEDIATION_PLAN = "Say how and by when compliance will be reached."

ADR_CONTEXT = "Describe the context and the problem in two or three sentences."
ADR_OPTIONS = ("Option 1", "Option 2")
ADR_CHOSEN = 'Chosen option: "Option 1", because ...'
ADR_GOOD = "Good, because ..."
ADR_BAD = "Bad, because ..."
NYGARD_CONTEXT = ("The issue motivating this decision, and any context that influences or "
                  "constrains the decision.")
NYGARD_DECISION = "The change that we're proposing or have agreed to implement."
NYGARD_CONSEQUENCES = ("What becomes easier or more difficult to do and any risks introduced by "
                       "the change that will need to be mitigated.")

PLACEHOLDERS: frozenset[str] = frozenset({
    SUMMARY, *PROCESS, SCOPE, REQUIREMENT, RATIONALE, DECISION,
    REASON, COMPENSATING_CONTROLS, REMEDIATION_PLAN,
    ADR_CONTEXT, *ADR_OPTIONS, ADR_CHOSEN, ADR_GOOD, ADR_BAD,
    NYGARD_CONTEXT, NYGARD_DECISION, NYGARD_CONSEQUENCES})
"""Every placeholder line."""
