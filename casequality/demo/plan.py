"""The demo's improvement plan: what the service set out to do after its first check a
year ago, who owns each action, how it went (dated updates) and what the board said.

Built through the plan's own services (`reports.services`: the same calls the plan's
pages make, with their checks), by the logins whose roles may do each thing (decision
0018): the QA lead and the team manager add and change actions and write updates, the
board member comments. The actions answer the demo's year (`generator.tables.STORY`):
oversight, assessments and plans improving, safeguarding slipping. Decision 0051.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

from django.utils import timezone

from casequality.accounts.models import User
from casequality.cases.models import Service
from casequality.cases.vocabulary import add_months
from casequality.reports.models import ActionStatus, PlanAction
from casequality.reports.services import (
    ActionInput,
    plan_action_create,
    plan_action_edit,
    plan_comment_add,
    plan_update_add,
)

S = ActionStatus


@dataclass(frozen=True)
class Step:
    """An update on an action, `months` (and `days`) before the caseload's date, by a login."""

    months: int
    text: str
    by: str
    status: str = ""
    days: int = 0


@dataclass(frozen=True)
class DemoAction:
    """An action of the demo's plan: `owner` is a login whose staff member owns it, or a
    role written as text; `due` in months from the caseload's date; `moved_to`, a due date
    (months) the action is edited to after its steps."""

    title: str
    owner: str
    due: int
    by: str
    detail: str = ""
    rule: str = ""
    kpi: str = ""
    steps: tuple[Step, ...] = ()
    comments: tuple[str, ...] = ()
    moved_to: int | None = None


QA, TM = "qa-lead", "team-manager"
ACTIONS = (
    DemoAction(
        title="Weekly oversight huddle in every team",
        detail="Each case manager brings the cases waiting for a manager's countersignature or a request for "
        "oversight; the team manager answers them in the meeting or books a time.",
        owner=TM,
        due=3,
        by=QA,
        rule="OVS-001",
        steps=(
            Step(11, "Huddles started in the North team on Monday mornings.", TM, S.ON_TRACK),
            Step(8, "Every team now holds the huddle; managers keep a list of what was agreed.", TM),
            Step(2, "Requests for oversight answered within five working days in most weeks.", TM, days=10),
        ),
        comments=(
            "The board welcomes the improvement in oversight. Please show each team's figures separately at the "
            "next meeting.",
        ),
    ),
    DemoAction(
        title="Assessments written from evidence, not copied forward",
        detail="A practice workshop on review assessments, then spot checks of each team's reviews.",
        owner="Head of Service",
        due=-2,
        by=QA,
        rule="LOR-004",
        steps=(
            Step(11, "Practice workshop on writing review assessments held for all case managers.", QA, S.ON_TRACK),
            Step(6, "Spot checks found copied text in one team's reviews; a refresher is booked.", QA, S.AT_RISK),
            Step(2, "Refresher given; the quarter's reviews checked and none copied.", QA, S.DONE, days=5),
        ),
        comments=("Thank you. Please keep this in the next case audit.",),
    ),
    DemoAction(
        title="Specific, time-bound objectives in every intervention plan",
        detail="A new plan template with worked examples, and training for each team.",
        owner=QA,
        due=-1,
        by=QA,
        rule="PLAN-002",
        steps=(
            Step(9, "Plan template updated with a worked example of a specific objective.", QA, S.ON_TRACK),
            Step(4, "Training given to four of the five teams.", QA),
        ),
        # The last team's training moved: an edit, kept as an update saying what changed.
        moved_to=2,
        comments=("Agreed to the new date. Which team is still to be trained?",),
    ),
    DemoAction(
        title="A vulnerability management plan wherever a child's vulnerability is medium or higher",
        detail="The safeguarding lead checks each new vulnerability assessment within a week.",
        owner="Safeguarding lead",
        due=1,
        by=TM,
        rule="VUL-002",
        steps=(
            Step(7, "Weekly checks of new vulnerability assessments started.", TM, S.ON_TRACK),
            Step(
                4,
                "Checks paused while the safeguarding lead covers a vacancy; fewer plans made in time.",
                TM,
                S.AT_RISK,
            ),
            Step(1, "Still behind: a recovery plan with dates goes to the next board.", QA, S.OFF_TRACK),
        ),
        comments=(
            "The board is concerned that safeguarding has slipped for two quarters running.",
            "We want the recovery plan, with the date each part is done, before the next meeting.",
        ),
    ),
    DemoAction(
        title="The police at every management board meeting",
        owner="Chair of the board",
        due=-1,
        by=QA,
        kpi="kpi-7",
        comments=("The chair will write to the district commander this month.",),
    ),
    DemoAction(
        title="The education partner reports each child's school or training at the end of an order",
        owner="Education partner",
        due=-4,
        by=QA,
        kpi="kpi-3",
        steps=(
            Step(8, "Asked the education partner for the end-of-order figures each quarter.", QA, S.ON_TRACK),
            Step(5, "Replaced by the county's data-sharing agreement with schools.", QA, S.DROPPED),
        ),
    ),
)


class DemoPlanError(RuntimeError):
    """A demo login lacks the permission its part of the plan needs (decision 0018)."""


def _may(user: User, permission: str) -> User:
    if not user.has_perm(permission):
        raise DemoPlanError(f"{user.username} may not {permission.partition('.')[2].replace('_', ' ')}")
    return user


def build_plan(service: Service, *, as_of: date, logins: dict[str, User]) -> list[PlanAction]:
    """The plan's actions (ACTIONS) with their updates, edits and the board's comments,
    dated in the year before `as_of` (never after today: an update cannot be dated in the
    future); `logins` by username: the QA lead, the team manager and the board member."""
    editors = {name: _may(logins[name], "reports.edit_plan") for name in (QA, TM)}
    board = _may(logins["board"], "reports.comment_plan")
    today = timezone.localdate()
    made = []
    for spec in ACTIONS:
        owner = editors.get(spec.owner)
        data = ActionInput(
            title=spec.title,
            detail=spec.detail,
            owner_staff=owner.staff if owner else None,
            owner_role=spec.owner if owner is None or owner.staff is None else "",
            due=add_months(as_of, spec.due),
            status=S.NOT_STARTED,
            rule=spec.rule,
            kpi=spec.kpi,
        )
        action = plan_action_create(service=service, data=data, actor=editors[spec.by])
        for step in spec.steps:
            on = min(today, add_months(as_of, -step.months) - timedelta(days=step.days))
            plan_update_add(action=action, on=on, text=step.text, actor=editors[step.by], status=step.status)
        if spec.moved_to is not None:
            action.refresh_from_db()
            plan_action_edit(
                action=action,
                data=replace(_input(action), due=add_months(as_of, spec.moved_to)),
                actor=editors[spec.by],
                seen_version=action.version,
            )
        for text in spec.comments:
            plan_comment_add(action=action, text=text, actor=board)
        made.append(action)
    return made


def _input(action: PlanAction) -> ActionInput:
    """An action's fields as an editor would find them on its form."""
    return ActionInput(
        title=action.title,
        detail=action.detail,
        owner_staff=action.owner_staff,
        owner_role=action.owner_role,
        due=action.due,
        status=action.status,
        rule=action.rule,
        audit_framework=action.audit_framework,
        audit_question=action.audit_question,
        kpi=action.kpi,
    )
