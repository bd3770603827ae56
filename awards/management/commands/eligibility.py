import json as jsonlib

from django.core.management.base import BaseCommand, CommandError

from awards.eligibility import campaign_judgements
from emulation.models import Campaign


class Command(BaseCommand):
    help = "Xét điều kiện của mọi ứng viên đã đăng ký: kết quả từng tiêu chí và căn cứ pháp lý."

    def add_arguments(self, parser):
        parser.add_argument("--campaign", type=int, required=True, help="Năm của phong trào thi đua.")
        parser.add_argument("--json", action="store_true", help="In kết quả dạng JSON.")

    def handle(self, *args, campaign, json: bool = False, **options):
        try:
            campaign_obj = Campaign.objects.get(year=campaign)
        except Campaign.DoesNotExist as error:
            raise CommandError(f"Không có phong trào thi đua năm {campaign}.") from error
        # Streamed a chunk of units at a time: the province's output is tens of megabytes.
        judgements = campaign_judgements(campaign_obj)
        if json:
            for part in _json_parts(campaign_obj, judgements):
                self.stdout.write(part, ending="")
            self.stdout.write("")
            return
        for judgement in judgements:
            self.stdout.write(
                f"{judgement.unit_name} | {judgement.name} | {judgement.title} | {judgement.verdict.label}"
            )
            for result in judgement.results:
                self.stdout.write(f"    [{result.verdict.label}] {result.message} ({result.citation})")


def _candidate(j) -> dict:
    return {
        "name": j.name,
        "unit": j.unit_name,
        "staff_id": j.staff_id,
        "unit_id": j.unit_id,
        "title": j.title,
        "verdict": j.verdict.value,
        "rules": [
            {"rule": r.code, "verdict": r.verdict.value, "message": r.message, "citation": r.citation}
            for r in j.results
        ],
    }


def _json_parts(campaign, judgements):
    """The text json.dumps(..., ensure_ascii=False, indent=2) gives of the whole document, one candidate at
    a time."""
    head = jsonlib.dumps({"campaign": campaign.year, "regime": campaign.regime}, ensure_ascii=False, indent=2)
    yield head[:-2] + ',\n  "candidates": ['
    first = True
    for judgement in judgements:
        text = jsonlib.dumps(_candidate(judgement), ensure_ascii=False, indent=2)
        yield ("\n" if first else ",\n") + "\n".join("    " + line for line in text.split("\n"))
        first = False
    yield "]\n}" if first else "\n  ]\n}"
