"""The reports of a case before sentence: the pre-sentence report and its assessment,
or the record of why none was requested."""

from __future__ import annotations

from datetime import timedelta

from casequality.demo import texts as T
from casequality.demo.generator.calendar import back_to_weekday, iso


class ReportsMixin:
    """How a case's pre-sentence report is written. A part of `CaseBuilder` (casequality/demo/generator/case.py):
    its methods use the builder's random stream and record lists, so the same draws
    happen in the same order as when the builder was one class."""

    def reports_and_presentence(self, custody_considered: bool) -> None:
        rng, otype, start = self.rng, self.otype, self.start
        st = self.staffing
        share = {
            "referral_order": 0.1,
            "youth_rehabilitation_order": 0.8 if custody_considered else 0.7,
            "detention_and_training_order": 0.95,
            "long_term_detention": 1.0,
        }.get(otype, 0.0)
        requested = rng.random() < share
        self.psr_writer = None
        self.presentence = None
        if requested:
            writer = self.cm if rng.random() < 0.5 else st.case_managers[rng.randrange(len(st.case_managers))]
            self.psr_writer = writer
            d = back_to_weekday(start - timedelta(days=rng.randint(3, 18)))
            pre = self.new_assessment(d, "pre_sentence", writer, initial=True)
            self.presentence = pre
            self.ctx["rosh_word"] = pre.rosh_level.replace("_", " ")
            self.ctx["band_word"] = pre.recorded_band
            discussed_child = discussed_parent = True
            if self.short("PSR-002"):
                if rng.random() < 0.5:
                    discussed_parent = False
                else:
                    discussed_child = False
            self.reports.append(
                {
                    "id": f"R{len(self.reports) + 1}",
                    "type": "pre_sentence_report",
                    "order": self.order_id,
                    "requested": True,
                    "not_requested_reason": None,
                    "yos_challenged": None,
                    "date": iso(d),
                    "author": writer.id,
                    "text": " ".join(self.render(p, cm=writer.first) for p in T.PSR),
                    "discussed_with_child": discussed_child,
                    "discussed_with_parent": discussed_parent,
                }
            )
        elif custody_considered:
            if self.short("PSR-001"):
                if rng.random() < 0.5:
                    return  # nothing recorded at all
                reason, challenged = None, (rng.choice((True, False)) if rng.random() < 0.4 else None)
            else:
                reason = rng.choice(
                    (
                        "The court sentenced on the day on a stand-down report after the defence asked to proceed.",
                        "Magistrates declined an adjournment for a report; the YOS court officer gave an oral update.",
                        "The court had a recent pre-sentence report from three months earlier"
                        " and did not order a new one.",
                    )
                )
                challenged = rng.random() < 0.6
            self.reports.append(
                {
                    "id": f"R{len(self.reports) + 1}",
                    "type": "pre_sentence_report",
                    "order": self.order_id,
                    "requested": False,
                    "not_requested_reason": reason,
                    "yos_challenged": challenged,
                    "date": None,
                    "author": None,
                    "text": None,
                    "discussed_with_child": False,
                    "discussed_with_parent": False,
                }
            )
