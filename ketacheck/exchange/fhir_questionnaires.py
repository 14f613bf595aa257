"""Each PHQ-9 and GAD-7 in the FHIR export: a QuestionnaireResponse pointing at its LOINC
panel, with LOINC-coded answers, and an Observation of its total score."""

from __future__ import annotations

from typing import Any

from ketacheck.core.clock import to_iso
from ketacheck.core.questionnaires import (
    DIFFICULTY_OPTIONS,
    GAD7,
    OPTIONS,
    PHQ9,
    QuestionnaireResult,
    questionnaire,
)
from ketacheck.exchange.fhir_parts import (
    LOINC,
    SURVEY,
    coding,
    concept,
    observation_base,
    record_identifier,
    resource_id,
    subject_of,
)

#: Each questionnaire's LOINC panel, total score, and its items' codes in item order.
#: Checked against loinc.org (the PHQ-SADS panel 69729-2 lists every item of both; the
#: answer list LL358-3 names the items that use it). The panel links are LOINC's own
#: Questionnaire canonical URLs (http://loinc.org/q/...).
PANELS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    PHQ9: (
        "44249-1",
        "44261-6",
        (
            "44250-9",
            "44255-8",
            "44259-0",
            "44254-1",
            "44251-7",
            "44258-2",
            "44252-5",
            "44253-3",
            "44260-8",
        ),
    ),
    GAD7: (
        "69737-5",
        "70274-6",
        ("69725-0", "68509-9", "69733-4", "69734-2", "69735-9", "69689-8", "69736-7"),
    ),
}
TOTAL_DISPLAY = {
    PHQ9: "Patient Health Questionnaire 9 item (PHQ-9) total score [Reported]",
    GAD7: "Generalized anxiety disorder 7 item (GAD-7) total score [Reported.PHQ]",
}
#: The four answers of every PHQ-9 and GAD-7 item (LOINC answer list LL358-3).
ANSWER_CODES = ("LA6568-5", "LA6569-3", "LA6570-1", "LA6571-9")
#: The unscored difficulty question (GUIDANCE.md gives 69722-7 for it) and its answers
#: (LOINC answer list LL359-1, which names 69722-7 as using it). "Extremely difficult"
#: is LA6574-3 there, not LA6574-8. loinc.org's page for the GAD-7 panel itself was not
#: found, so that the panel holds 69722-7 as its last item is from GUIDANCE.md only.
DIFFICULTY_CODE = "69722-7"
DIFFICULTY_ANSWER_CODES = ("LA6572-7", "LA6573-5", "LA6575-0", "LA6574-3")


def questionnaire_response(result: QuestionnaireResult, patient: str | None) -> dict[str, Any]:
    """The answers as LOINC codes, item by item, then the total and the difficulty answer."""
    form = questionnaire(result.kind)
    panel, total_code, item_codes = PANELS[result.kind]
    items: list[dict[str, Any]] = [
        {
            "linkId": code,
            "text": text,
            "answer": [{"valueCoding": coding(LOINC, ANSWER_CODES[answer], OPTIONS[answer])}],
        }
        for code, text, answer in zip(item_codes, form.items, result.answers, strict=True)
    ]
    items.append(
        {"linkId": total_code, "text": "Total score", "answer": [{"valueInteger": result.total}]}
    )
    if result.difficulty is not None:
        answer = coding(
            LOINC,
            DIFFICULTY_ANSWER_CODES[result.difficulty],
            DIFFICULTY_OPTIONS[result.difficulty],
        )
        items.append(
            {
                "linkId": DIFFICULTY_CODE,
                "text": form.difficulty_question,
                "answer": [{"valueCoding": answer}],
            }
        )
    return {
        "resourceType": "QuestionnaireResponse",
        "id": resource_id("questionnaire-response", result.id),
        "identifier": record_identifier(result.id)[0],
        "questionnaire": f"{LOINC}/q/{panel}",
        "status": "completed",
        **subject_of(patient),
        "authored": to_iso(result.at),
        "item": items,
    }


def total_score(result: QuestionnaireResult, patient: str | None) -> dict[str, Any]:
    """The total as an Observation, its band in words, pointing at the answers it sums."""
    code = concept(LOINC, PANELS[result.kind][1], TOTAL_DISPLAY[result.kind])
    return {
        **observation_base("score", result.id, patient, to_iso(result.at), SURVEY, code),
        "valueInteger": result.total,
        "interpretation": [{"text": result.band}],
        "derivedFrom": [
            {"reference": f"urn:uuid:{resource_id('questionnaire-response', result.id)}"}
        ],
    }
